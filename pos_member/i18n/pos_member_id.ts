<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name></name>
    <message>
        <source>Save a support file…</source>
        <translation>Simpan file untuk dukungan teknis…</translation>
    </message>
    <message>
        <source>The logs, the version and the settings (no token, no customer details) in one file, for support</source>
        <translation>Log, versi, dan pengaturan (tanpa token, tanpa data pelanggan) dalam satu file, untuk dukungan teknis</translation>
    </message>
    <message>
        <source>Save a support file</source>
        <translation>Simpan file untuk dukungan teknis</translation>
    </message>
    <message>
        <source>Saved: {path}. Give this file to support.</source>
        <translation>Tersimpan: {path}. Berikan file ini ke dukungan teknis.</translation>
    </message>
    <message>
        <source>The support file could not be saved: {why}</source>
        <translation>File untuk dukungan teknis tidak bisa disimpan: {why}</translation>
    </message>
    <message>
        <source>The store settings of this counter are not valid</source>
        <extracomment>For the log (English, for IT and support). Setting -&gt; what is expected (kind &quot;settings&quot;).</extracomment>
        <translation>Pengaturan toko di kasir ini tidak valid</translation>
    </message>
    <message>
        <source>This counter is not connected to Stamps yet</source>
        <translation>Kasir ini belum terhubung ke Stamps</translation>
    </message>
    <message>
        <source>This counter cannot save its data</source>
        <translation>Kasir ini tidak bisa menyimpan datanya</translation>
    </message>
    <message>
        <source>The membership counter could not start</source>
        <translation>Kasir keanggotaan tidak bisa dimulai</translation>
    </message>
    <message>
        <source>Tell IT which setting is wrong and what is expected:</source>
        <translation>Beri tahu IT pengaturan mana yang salah dan apa yang seharusnya:</translation>
    </message>
    <message>
        <source>It has no API token. The store manager can connect it now with the manager PIN, or IT can install the token for this computer.</source>
        <translation>Kasir ini belum punya token API. Manajer toko bisa menghubungkannya sekarang dengan PIN manajer, atau IT bisa memasang token untuk komputer ini.</translation>
    </message>
    <message>
        <source>Tell IT: the folder {folder} cannot be written ({why}).</source>
        <translation>Beri tahu IT: map {folder} tidak bisa ditulis ({why}).</translation>
    </message>
    <message>
        <source>Tell IT: the membership counter stopped while starting ({why}). The log has the details.</source>
        <translation>Beri tahu IT: kasir keanggotaan berhenti saat dimulai ({why}). Rinciannya ada di log.</translation>
    </message>
    <message>
        <source>this Windows user may not write there</source>
        <translation>pengguna Windows ini tidak boleh menulis di sana</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>disk hanya bisa dibaca</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disk penuh</translation>
    </message>
    <message>
        <source>the drive or folder does not exist</source>
        <translation>lokasi penyimpanan atau map tidak ada</translation>
    </message>
    <message>
        <source>the system said: {error}</source>
        <translation>pesan sistem: {error}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Connect (manager PIN)</source>
        <translation>Hubungkan (PIN manajer)</translation>
    </message>
    <message>
        <source>Out of order — please ask our staff</source>
        <translation>Sedang tidak berfungsi — silakan tanya staf kami</translation>
    </message>
    <message>
        <source>For staff: {title}. {message}
Trying again in {seconds} s.</source>
        <translation>Untuk staf: {title}. {message}
Mencoba lagi dalam {seconds} dtk.</translation>
    </message>
    <message>
        <source>Only IT can change the settings of this counter: saving them needs an administrator of this computer, and none confirmed it. Nothing was changed.</source>
        <extracomment>Saving the store profile may wait for an administrator at the UAC prompt: never on the event loop.</extracomment>
        <translation>Hanya IT yang bisa mengubah pengaturan kasir ini: menyimpannya perlu admin komputer ini, dan belum ada yang mengonfirmasi. Tidak ada yang diubah.</translation>
    </message>
    <message>
        <source>Membership counter</source>
        <extracomment>How long a kiosk shows &quot;Updating — back in a minute&quot; before it closes for an upgrade. Exit codes of a start that ended on a failure screen (the windowed build has no console). The kiosk&apos;s &quot;out of order&quot; page tries to start again this often. Exit code of a second start that found a copy it could not reach (another Windows session). How long a second start keeps trying to reach the first (it may be starting up or closing).</extracomment>
        <translation>Kasir keanggotaan</translation>
    </message>
    <message>
        <source>The membership counter is already open on this computer, for another Windows user. Close it there first, or sign in as that user.</source>
        <translation>Kasir keanggotaan sudah terbuka di komputer ini untuk pengguna Windows lain. Tutup dulu di sana, atau masuk sebagai pengguna itu.</translation>
    </message>
    <message>
        <source>For IT: the data folder {folder} is in use.</source>
        <translation>Untuk IT: map data {folder} sedang dipakai.</translation>
    </message>
    <message>
        <source>the file could not be opened</source>
        <translation>file tidak bisa dibuka</translation>
    </message>
    <message>
        <source>Outbox file kept aside</source>
        <translation>File kotak keluar disimpan terpisah</translation>
    </message>
    <message>
        <source>The outbox file of this counter could not be used ({why}). A new, empty outbox was started: new registrations are safe.</source>
        <translation>File kotak keluar kasir ini tidak bisa dipakai ({why}). Kotak keluar baru yang kosong sudah dimulai: pendaftaran baru aman.</translation>
    </message>
    <message>
        <source>Registrations in the old file may not have reached Stamps. Call IT and give them this message.

For IT: the old file was NOT deleted. It is kept as
{path}
Copy it off this computer; if SQLite can still read it, deliver what it holds with
python -m pos_member.outbox deliver FILE --url URL --merchant ID
and only then delete it.</source>
        <translation>Pendaftaran di file lama mungkin belum sampai ke Stamps. Hubungi IT dan berikan pesan ini.

Untuk IT: file lama TIDAK dihapus. File disimpan sebagai
{path}
Salin file itu dari komputer ini; jika SQLite masih bisa membacanya, kirim isinya dengan
python -m pos_member.outbox deliver FILE --url URL --merchant ID
dan baru setelah itu hapus.</translation>
    </message>
    <message>
        <source>Saved on this counter; it will be sent later.</source>
        <translation>Tersimpan di kasir ini; akan dikirim nanti.</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>Buang…</translation>
    </message>
    <message>
        <source>Reason *</source>
        <translation>Alasan *</translation>
    </message>
    <message>
        <source>e.g. the customer registered at the kiosk</source>
        <translation>mis. pelanggan sudah mendaftar di kios</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Jangan dibuang</translation>
    </message>
    <message>
        <source>Discard this registration</source>
        <translation>Buang pendaftaran ini</translation>
    </message>
    <message>
        <source>Discard the registration of {name}? It was NOT registered at Stamps, and its details are deleted from this counter. A manager must confirm.</source>
        <translation>Buang pendaftaran {name}? Pendaftaran ini TIDAK tercatat di Stamps, dan datanya dihapus dari kasir ini. Manajer harus mengonfirmasi.</translation>
    </message>
    <message>
        <source>Write why this registration is discarded.</source>
        <translation>Tulis alasan pendaftaran ini dibuang.</translation>
    </message>
    <message>
        <source>NOT saved — {why} — the form is kept. Try again, or call IT.</source>
        <translation>TIDAK tersimpan — {why} — isian formulir tetap ada. Coba lagi, atau hubungi IT.</translation>
    </message>
    <message>
        <source>Outbox paused — the disk is full. Call IT.</source>
        <extracomment>The advising sentences and their fact-only variant.</extracomment>
        <translation>Kotak keluar berhenti — disk penuh. Hubungi IT.</translation>
    </message>
    <message>
        <source>Outbox paused — file not writable. Call IT.</source>
        <translation>Kotak keluar berhenti — file tidak bisa ditulis. Hubungi IT.</translation>
    </message>
    <message>
        <source>Outbox paused — its file is damaged. Call IT.</source>
        <translation>Kotak keluar berhenti — filenya rusak. Hubungi IT.</translation>
    </message>
    <message>
        <source>Outbox paused — unexpected error. Call IT.</source>
        <translation>Kotak keluar berhenti — ada kesalahan tak terduga. Hubungi IT.</translation>
    </message>
    <message>
        <source>the disk of this computer is full</source>
        <extracomment>Why the outbox could not keep something (a registration, the file at start-up).</extracomment>
        <translation>disk komputer ini penuh</translation>
    </message>
    <message>
        <source>the outbox file cannot be written</source>
        <translation>file kotak keluar tidak bisa ditulis</translation>
    </message>
    <message>
        <source>the outbox file is damaged</source>
        <translation>file kotak keluar rusak</translation>
    </message>
    <message>
        <source>an unexpected error (details in the log)</source>
        <translation>kesalahan tak terduga (rinciannya di log)</translation>
    </message>
    <message>
        <source>Enter a mobile number.</source>
        <translation>Masukkan nomor HP.</translation>
    </message>
    <message>
        <source>This is not a phone number. Use digits, for example 0812 0000 0000.</source>
        <translation>Ini bukan nomor HP. Gunakan angka, misalnya 0812 0000 0000.</translation>
    </message>
    <message>
        <source>This phone number is not valid. Check the digits, for example 0812 0000 0000.</source>
        <translation>Nomor HP ini tidak valid. Periksa angkanya, misalnya 0812 0000 0000.</translation>
    </message>
    <message>
        <source>This looks like a landline. Enter a mobile number that can receive SMS.</source>
        <translation>Ini sepertinya nomor telepon rumah. Masukkan nomor HP yang bisa menerima SMS.</translation>
    </message>
    <message>
        <source>Enter an email address.</source>
        <translation>Masukkan alamat email.</translation>
    </message>
    <message>
        <source>This email address is not valid, for example name@example.com.</source>
        <translation>Alamat email ini tidak valid, contohnya nama@example.com.</translation>
    </message>
    <message>
        <source>Enter an email address or a mobile number.</source>
        <translation>Masukkan alamat email atau nomor HP.</translation>
    </message>
    <message>
        <source>Enter a real date as YYYY-MM-DD.</source>
        <translation>Masukkan tanggal yang benar dengan format TTTT-BB-HH.</translation>
    </message>
    <message>
        <source>This date cannot be in the future.</source>
        <translation>Tanggal ini tidak boleh di masa depan.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s name.</source>
        <translation>Masukkan nama pelanggan.</translation>
    </message>
    <message>
        <source>The name is too long (100 characters at most).</source>
        <translation>Nama terlalu panjang (paling banyak 100 karakter).</translation>
    </message>
    <message>
        <source>Choose male or female.</source>
        <translation>Pilih laki-laki atau perempuan.</translation>
    </message>
    <message>
        <source>Choose a marital status from the list.</source>
        <translation>Pilih status pernikahan dari daftar.</translation>
    </message>
    <message>
        <source>Choose a religion from the list.</source>
        <translation>Pilih agama dari daftar.</translation>
    </message>
    <message>
        <source>Unknown registration method.</source>
        <translation>Metode pendaftaran tidak dikenal.</translation>
    </message>
    <message>
        <source>Too long ({count} characters at most).</source>
        <translation>Terlalu panjang (paling banyak {count} karakter).</translation>
    </message>
    <message>
        <source>Say which member: email, member ID, mobile number or ID.</source>
        <translation>Sebutkan anggotanya: email, ID anggota, nomor HP, atau ID.</translation>
    </message>
    <message>
        <source>The PIN must be 4 to 8 digits.</source>
        <translation>PIN harus 4 sampai 8 angka.</translation>
    </message>
    <message>
        <source>A postal code is 5 digits.</source>
        <translation>Kode pos terdiri dari 5 angka.</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>Kedua PIN tidak sama.</translation>
    </message>
    <message>
        <source>The wedding date is before the birthday.</source>
        <translation>Tanggal pernikahan sebelum tanggal lahir.</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <extracomment>What Stamps writes about a field (it has no code), as words: (a piece of its text, our words).</extracomment>
        <translation>Kolom ini wajib diisi.</translation>
    </message>
    <message>
        <source>Enter a whole number.</source>
        <translation>Masukkan bilangan bulat.</translation>
    </message>
    <message>
        <source>Choose yes or no.</source>
        <translation>Pilih ya atau tidak.</translation>
    </message>
    <message>
        <source>Choose one of the offered options.</source>
        <translation>Pilih salah satu pilihan yang tersedia.</translation>
    </message>
    <message>
        <source>This field is not accepted here.</source>
        <translation>Kolom ini tidak diterima di sini.</translation>
    </message>
    <message>
        <source>The message template for codes is not set up for this store. Ask the manager to check the OTP template settings.</source>
        <extracomment>Seconds before another code may be sent. Seconds a code sent stays the one to type when its dialog is closed and opened again for the same member (the training server&apos;s codes live 5 minutes; Stamps does not say, so no longer). Wrong codes the app accepts before asking for a new code (the server has its own limit).</extracomment>
        <translation>Template pesan kode belum diatur untuk toko ini. Minta manajer memeriksa pengaturan template OTP.</translation>
    </message>
    <message>
        <source>This customer cannot receive WhatsApp messages. Send the code by SMS instead.</source>
        <translation>Pelanggan ini tidak bisa menerima pesan WhatsApp. Kirim kode lewat SMS saja.</translation>
    </message>
    <message>
        <source>WhatsApp is not possible: Stamps has no valid WhatsApp number for this member. The code goes by SMS.</source>
        <translation>WhatsApp tidak bisa: Stamps tidak punya nomor WhatsApp yang valid untuk anggota ini. Kode dikirim lewat SMS.</translation>
    </message>
    <message>
        <source>That code is not right. Ask the customer to read it out again.</source>
        <translation>Kode itu salah. Minta pelanggan membacakannya lagi.</translation>
    </message>
    <message>
        <source>The code has expired. Send a new code.</source>
        <translation>Kode sudah kedaluwarsa. Kirim kode baru.</translation>
    </message>
    <message>
        <source>Too many wrong codes. Send a new code.</source>
        <translation>Terlalu banyak kode salah. Kirim kode baru.</translation>
    </message>
    <message>
        <source>No code was sent for this yet. Send a code first.</source>
        <translation>Belum ada kode yang dikirim untuk ini. Kirim kode terlebih dahulu.</translation>
    </message>
    <message>
        <source>This email address already belongs to another member.</source>
        <translation>Alamat email ini sudah dipakai anggota lain.</translation>
    </message>
    <message>
        <source>This mobile number already belongs to another member.</source>
        <translation>Nomor HP ini sudah dipakai anggota lain.</translation>
    </message>
    <message>
        <source>The new level is lower than the member&apos;s current level, and “only upgrade” is ticked.</source>
        <translation>Level baru lebih rendah dari level anggota sekarang, dan “hanya naik” dicentang.</translation>
    </message>
    <message>
        <source>This customer is not a member of this merchant.</source>
        <translation>Pelanggan ini bukan anggota merchant ini.</translation>
    </message>
    <message>
        <source>This tag is no longer on the member.</source>
        <translation>Tag ini sudah tidak ada pada anggota.</translation>
    </message>
    <message>
        <source>The district ID is a number.</source>
        <translation>ID kecamatan berupa angka.</translation>
    </message>
    <message>
        <source>This birthday gives an age of {age}. Please check the year.</source>
        <translation>Tanggal lahir ini berarti umur {age} tahun. Mohon periksa tahunnya.</translation>
    </message>
    <message>
        <source>Wait {seconds} s before sending another code.</source>
        <translation>Tunggu {seconds} detik sebelum mengirim kode lagi.</translation>
    </message>
    <message>
        <source>The code is 4 to 8 digits.</source>
        <translation>Kode terdiri dari 4 sampai 8 angka.</translation>
    </message>
    <message>
        <source>Stamps refused this counter&apos;s access key. Please call the store manager.</source>
        <translation>Stamps menolak kunci akses kasir ini. Silakan hubungi manajer toko.</translation>
    </message>
    <message>
        <source>Cannot reach Stamps right now. Check the network; the app keeps retrying.</source>
        <translation>Stamps tidak dapat dihubungi saat ini. Periksa jaringan; aplikasi terus mencoba lagi.</translation>
    </message>
    <message>
        <source>Stamps has a problem right now. Please try again in a moment.</source>
        <translation>Stamps sedang bermasalah. Silakan coba lagi sebentar lagi.</translation>
    </message>
    <message>
        <source>Stamps sent an answer this app cannot read. Please try again; if it persists, call support.</source>
        <translation>Stamps mengirim jawaban yang tidak bisa dibaca aplikasi ini. Silakan coba lagi; jika terus terjadi, hubungi dukungan.</translation>
    </message>
    <message>
        <source>Please check the form.</source>
        <translation>Mohon periksa formulir.</translation>
    </message>
    <message>
        <source>No member found. Check the spelling or the number.</source>
        <translation>Anggota tidak ditemukan. Periksa ejaan atau nomornya.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again.</source>
        <translation>Terjadi kesalahan. Silakan coba lagi.</translation>
    </message>
    <message>
        <source>Enter the date as DD-MM-YYYY, for example 30-05-1993.</source>
        <extracomment>Youngest and oldest plausible member. Seconds the duplicate look-up may take before we register without it (the outbox reconciles). Day first (30-05-1993, or the digits alone, 30051993, as the kiosk takes them), then ISO.</extracomment>
        <translation>Masukkan tanggal dengan format HH-BB-TTTT, misalnya 30-05-1993.</translation>
    </message>
    <message>
        <source>This date does not exist.</source>
        <translation>Tanggal ini tidak ada.</translation>
    </message>
    <message>
        <source>Type the PIN again to confirm it.</source>
        <translation>Ketik PIN sekali lagi untuk konfirmasi.</translation>
    </message>
    <message>
        <source>Enter the customer&apos;s email address or mobile number.</source>
        <extracomment>Outbox failure codes that mean Stamps could not be reached (or answered with a server error).</extracomment>
        <translation>Masukkan alamat email atau nomor HP pelanggan.</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● Menghubungkan…</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Terhubung</translation>
    </message>
    <message>
        <source>● Access refused</source>
        <translation>● Akses ditolak</translation>
    </message>
    <message>
        <source>Register new</source>
        <translation>Daftar baru</translation>
    </message>
    <message>
        <source>Change phone</source>
        <translation>Ganti no. HP</translation>
    </message>
    <message>
        <source>Anonymise…</source>
        <translation>Anonimkan…</translation>
    </message>
    <message>
        <source>Stamps refused this counter&apos;s access key. Please call the store manager to fix the settings.</source>
        <translation>Stamps menolak kunci akses kasir ini. Silakan hubungi manajer toko untuk memperbaiki pengaturan.</translation>
    </message>
    <message>
        <source>Stamps Members</source>
        <translation>Anggota Stamps</translation>
    </message>
    <message>
        <source>TRAINING MODE — practice data only, no real customers</source>
        <translation>MODE LATIHAN — hanya data latihan, bukan pelanggan sungguhan</translation>
    </message>
    <message>
        <source>Try now</source>
        <translation>Coba sekarang</translation>
    </message>
    <message>
        <source>Try to connect now</source>
        <translation>Coba hubungkan sekarang</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Mencari…</translation>
    </message>
    <message>
        <source>Connection</source>
        <extracomment>The registration form, built on first use and reused (see open_registration). Quick registration and the member dialogs, each built once and reset for the next use (building one costs 30-70 ms on the event loop: a dropped frame or three). Building the dialogs ahead (start_prebuilding): the steps left, and whether all are built. Outbox item id -&gt; the name typed, for this run (see _follow_outbox).</extracomment>
        <translation>Koneksi</translation>
    </message>
    <message>
        <source>Cashier: —</source>
        <translation>Kasir: —</translation>
    </message>
    <message>
        <source>Switch cashier</source>
        <translation>Ganti kasir</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <source>Store settings</source>
        <translation>Pengaturan toko</translation>
    </message>
    <message>
        <source>Help (F1)</source>
        <translation>Bantuan (F1)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Kotak keluar</translation>
    </message>
    <message>
        <source>Customer&apos;s phone (training)</source>
        <translation>HP pelanggan (latihan)</translation>
    </message>
    <message>
        <source>Show the customer&apos;s phone (training)</source>
        <translation>Tampilkan HP pelanggan (latihan)</translation>
    </message>
    <message>
        <source>TRAINING</source>
        <translation>LATIHAN</translation>
    </message>
    <message>
        <source>An update is ready: it installs when this customer is done (Next customer).</source>
        <extracomment>The channel request (``pos_member.instance``) and its reason. How long the relauncher waits for the upgrade (ping -n 2: about a second a round). Exit status of a copy that closed for an upgrade (a watchdog restarts it either way). The registration being typed when the app closed for an upgrade, in the user&apos;s data folder. A draft older than this is not offered again (the customer has gone). How long a closing copy tries to send its outbox (what is not sent stays queued, on disk). A cashier&apos;s counter asked to close while it serves a customer closes once that customer is done (Next customer, or nothing on screen); after this long it gives the request up and stays: the installer, which waits /CLOSEWAIT= (60 s by default), then ends with 1618 and changes nothing. What the cashier reads meanwhile.</extracomment>
        <translation>Pembaruan siap: dipasang setelah pelanggan ini selesai (Pelanggan berikut).</translation>
    </message>
    <message>
        <source>The registration you were typing before the app closed is back: Register new (Ctrl+N) opens it.</source>
        <extracomment>Seconds without a key or a search typed before the window counts as quiet (see quiet()). The member dialogs built once and reset for each member (anonymising gets a new one each time). How often building ahead looks for a quiet moment for its next step. How long after the last change a form being typed reaches the drafts file.</extracomment>
        <translation>Pendaftaran yang Anda ketik sebelum aplikasi tertutup sudah kembali: Daftar baru (Ctrl+N) membukanya.</translation>
    </message>
    <message>
        <source>Cashier {cashiers} was typing a registration before the app closed. It is kept for them: it opens when they sign in here.</source>
        <translation>Kasir {cashiers} sedang mengetik pendaftaran sebelum aplikasi tertutup. Pendaftaran itu disimpan untuknya: terbuka saat kasir itu masuk di sini.</translation>
    </message>
    <message>
        <source>The registration that was typed and not sent is cleared: another member was opened.</source>
        <translation>Pendaftaran yang sudah diisi tetapi belum dikirim dikosongkan: anggota lain dibuka.</translation>
    </message>
    <message>
        <source>Restored what you typed last time.</source>
        <translation>Isian Anda sebelumnya dipulihkan.</translation>
    </message>
    <message>
        <source>Stamps refused this registration.</source>
        <translation>Stamps menolak pendaftaran ini.</translation>
    </message>
    <message>
        <source>This member ID is already used by another member.</source>
        <translation>ID anggota ini sudah dipakai anggota lain.</translation>
    </message>
    <message>
        <source>Anonymised member</source>
        <translation>Anggota yang dianonimkan</translation>
    </message>
    <message>
        <source>Stamps refused this registration. Fix what is marked and register again.</source>
        <translation>Stamps menolak pendaftaran ini. Perbaiki yang ditandai lalu daftarkan lagi.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <source>Outbox: {attention} need you, {waiting} waiting</source>
        <translation>Kotak keluar: {attention} perlu dicek, {waiting} menunggu</translation>
    </message>
    <message>
        <source>Outbox: {waiting} waiting</source>
        <translation>Kotak keluar: {waiting} menunggu</translation>
    </message>
    <message>
        <source>Search for “{query}” could not run: no connection to Stamps. It runs again by itself when the connection is back.</source>
        <translation>Pencarian “{query}” tidak bisa dijalankan: tidak ada koneksi ke Stamps. Pencarian berjalan lagi sendiri saat koneksi kembali.</translation>
    </message>
    <message>
        <source>Search for “{query}” failed. {reason}</source>
        <translation>Pencarian “{query}” gagal. {reason}</translation>
    </message>
    <message>
        <source>Cashier: {code}</source>
        <translation>Kasir: {code}</translation>
    </message>
    <message>
        <source>No manager PIN is set for this store, so this action is locked. Ask IT to set one.</source>
        <extracomment>A child tapping wrong PINs cannot lock staff out for longer than this. Wrong tries older than this are forgotten. Nothing typed: not a try, nothing counted. LOCKED (and the WRONG try that started a lock-out): seconds until the next try. WRONG: tries left before the lock-out.</extracomment>
        <translation>Belum ada PIN manajer untuk toko ini, jadi tindakan ini terkunci. Minta IT mengaturnya.</translation>
    </message>
    <message>
        <source>Type the manager PIN.</source>
        <translation>Ketik PIN manajer.</translation>
    </message>
    <message>
        <source>That is not the manager PIN.</source>
        <translation>Itu bukan PIN manajer.</translation>
    </message>
    <message>
        <source>Edit profile</source>
        <extracomment>What a change that could not reach Stamps says: nothing retries a change by itself, and what was typed stays in the dialog until it is sent again or discarded.</extracomment>
        <translation>Ubah profil</translation>
    </message>
    <message>
        <source>member</source>
        <translation>anggota</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>Nama *</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>Tanggal lahir</translation>
    </message>
    <message>
        <source>DD-MM-YYYY</source>
        <extracomment>Tallest a key of the keyboard grows: a fingertip is 8–10 mm, 64 px on a 10&quot; 1280x800 tablet is about 11 mm. The smallest sizes are in the kiosk&apos;s style sheet (48 px high, 36 px wide, for a portrait tablet&apos;s 11 keys a row); keys grow to share the width they are given. Digit keys stop growing past a thumb&apos;s reach. A held ⌫ deletes once on the press, again after half a second, then ten times a second.</extracomment>
        <translation>HH-BB-TTTT</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Jenis kelamin</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Laki-laki</translation>
    </message>
    <message>
        <source>Become a member</source>
        <extracomment>&quot;Updating — back in a minute&quot;, once the installer asked the app to close. Lines kept under a field for its error (see ERROR_LINES).</extracomment>
        <translation>Jadi anggota</translation>
    </message>
    <message>
        <source>Store logo</source>
        <extracomment>Wakes the session when a deadline of it is due (idle, a countdown, the PIN lock-out).</extracomment>
        <translation>Logo toko</translation>
    </message>
    <message>
        <source>Join in one minute and start collecting rewards today.</source>
        <translation>Daftar dalam satu menit dan mulai kumpulkan hadiah hari ini.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <source>What is your name?</source>
        <translation>Siapa nama Anda?</translation>
    </message>
    <message>
        <source>As on your ID card.</source>
        <translation>Sesuai KTP Anda.</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nama lengkap</translation>
    </message>
    <message>
        <source>So our staff can find your membership.</source>
        <translation>Agar staf kami bisa menemukan keanggotaan Anda.</translation>
    </message>
    <message>
        <source>Prefer not to say</source>
        <translation>Tidak ingin menyebutkan</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Perempuan</translation>
    </message>
    <message>
        <source>How may we contact you?</source>
        <translation>Lewat apa kami boleh menghubungi Anda?</translation>
    </message>
    <message>
        <source>Is this right?</source>
        <translation>Sudah benar?</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Still there?</source>
        <translation>Masih di sini?</translation>
    </message>
    <message>
        <source>Yes, I&apos;m here</source>
        <translation>Ya, saya di sini</translation>
    </message>
    <message>
        <source>Need help? Ask our staff.</source>
        <translation>Butuh bantuan? Silakan tanya staf kami.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Nomor HP</translation>
    </message>
    <message>
        <source>The screen will be cleared in {seconds} seconds.</source>
        <translation>Layar akan dikosongkan dalam {seconds} detik.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>District ID</source>
        <translation>ID kecamatan</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>Kode pos</translation>
    </message>
    <message>
        <source>5 digits</source>
        <translation>5 angka</translation>
    </message>
    <message>
        <source>Marital status</source>
        <translation>Status pernikahan</translation>
    </message>
    <message>
        <source>Wedding date</source>
        <translation>Tanggal pernikahan</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Visible to staff only</source>
        <translation>Hanya terlihat oleh staf</translation>
    </message>
    <message>
        <source>WhatsApp</source>
        <extracomment>Short names, for the question when the window closes before the customer answered.</extracomment>
        <translation>WhatsApp</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Newsletter</source>
        <translation>Buletin</translation>
    </message>
    <message>
        <source>Phone and email are changed with a code sent to the customer: use Change phone / Change email.</source>
        <translation>Nomor HP dan email diganti dengan kode yang dikirim ke pelanggan: pakai Ganti no. HP / Ganti email.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Please check the fields marked in red.</source>
        <translation>Mohon periksa kolom yang ditandai merah.</translation>
    </message>
    <message>
        <source>Change mobile number</source>
        <translation>Ganti nomor HP</translation>
    </message>
    <message>
        <source>Change email</source>
        <translation>Ganti email</translation>
    </message>
    <message>
        <source>Now: {value}</source>
        <extracomment>Codes sent and still to be typed, by member (in memory, this window only): closing and opening again for the same member comes back to the code step, its resend wait kept (a second code at once would make the first one, already on the customer&apos;s phone, wrong).</extracomment>
        <translation>Sekarang: {value}</translation>
    </message>
    <message>
        <source>New mobile number</source>
        <translation>Nomor HP baru</translation>
    </message>
    <message>
        <source>Not done: Stamps cannot be reached. Keep this window open and try again when the network is back.</source>
        <translation>Belum berhasil: Stamps tidak bisa dihubungi. Biarkan jendela ini terbuka dan coba lagi setelah jaringan kembali.</translation>
    </message>
    <message>
        <source>Not saved: Stamps cannot be reached. Keep this window open and press Save again when the network is back.</source>
        <translation>Belum tersimpan: Stamps tidak bisa dihubungi. Biarkan jendela ini terbuka dan tekan Simpan lagi setelah jaringan kembali.</translation>
    </message>
    <message>
        <source>Discard the changes to {name}?</source>
        <translation>Buang perubahan untuk {name}?</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Lanjut mengubah</translation>
    </message>
    <message>
        <source>New email</source>
        <translation>Email baru</translation>
    </message>
    <message>
        <source>Send code by</source>
        <translation>Kirim kode lewat</translation>
    </message>
    <message>
        <source>Send code</source>
        <translation>Kirim kode</translation>
    </message>
    <message>
        <source>Code from the customer</source>
        <translation>Kode dari pelanggan</translation>
    </message>
    <message>
        <source>Digits only</source>
        <translation>Hanya angka</translation>
    </message>
    <message>
        <source>Confirm change</source>
        <translation>Konfirmasi perubahan</translation>
    </message>
    <message>
        <source>Code sent by SMS to {target}. Ask the customer to read it out from their phone.</source>
        <translation>Kode dikirim lewat SMS ke {target}. Minta pelanggan membacakannya dari HP mereka.</translation>
    </message>
    <message>
        <source>Code sent by WhatsApp to {target}. Ask the customer to read it out from their phone.</source>
        <translation>Kode dikirim lewat WhatsApp ke {target}. Minta pelanggan membacakannya dari HP mereka.</translation>
    </message>
    <message>
        <source>Code sent by email to {target}. Ask the customer to read it out from their inbox.</source>
        <translation>Kode dikirim lewat email ke {target}. Minta pelanggan membacakannya dari kotak masuk mereka.</translation>
    </message>
    <message>
        <source>Send again in {seconds} s</source>
        <translation>Kirim lagi dalam {seconds} dtk</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>Kirim kode baru</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tag key</source>
        <translation>Kunci tag</translation>
    </message>
    <message>
        <source>Tag value</source>
        <translation>Nilai tag</translation>
    </message>
    <message>
        <source>e.g. vvip</source>
        <translation>mis. vvip</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Tambah tag</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>No tags yet.</source>
        <translation>Belum ada tag.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Remove tag {tag}</source>
        <translation>Hapus tag {tag}</translation>
    </message>
    <message>
        <source>Choose or type a tag key, e.g. category.</source>
        <translation>Pilih atau ketik kunci tag, mis. category.</translation>
    </message>
    <message>
        <source>Type the tag value, e.g. vvip.</source>
        <translation>Ketik nilai tag, mis. vvip.</translation>
    </message>
    <message>
        <source>Set level</source>
        <translation>Atur level</translation>
    </message>
    <message>
        <source>Current tier: {tier}. A supervisor action: it needs the manager PIN.</source>
        <translation>Level sekarang: {tier}. Tindakan supervisor: perlu PIN manajer.</translation>
    </message>
    <message>
        <source>New level</source>
        <translation>Level baru</translation>
    </message>
    <message>
        <source>Only upgrade</source>
        <translation>Hanya naik</translation>
    </message>
    <message>
        <source>Refuse if this is lower than the current level</source>
        <translation>Tolak jika lebih rendah dari level sekarang</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>DD-MM-YYYY (optional)</source>
        <translation>HH-BB-TTTT (opsional)</translation>
    </message>
    <message>
        <source>Store ID</source>
        <translation>ID toko</translation>
    </message>
    <message>
        <source>Manager PIN</source>
        <translation>PIN manajer</translation>
    </message>
    <message>
        <source>The store ID is a number.</source>
        <translation>ID toko berupa angka.</translation>
    </message>
    <message>
        <source>Choose a level.</source>
        <translation>Pilih level.</translation>
    </message>
    <message>
        <source>Anonymise</source>
        <translation>Anonimkan</translation>
    </message>
    <message>
        <source>this member</source>
        <translation>anggota ini</translation>
    </message>
    <message>
        <source>&lt;b&gt;Anonymising {member} removes their name, phone, email, birthday and address for good. This cannot be undone.&lt;/b&gt;&lt;br&gt;Only do this when the customer asked for their data to be deleted.</source>
        <translation>&lt;b&gt;Menganonimkan {member} menghapus nama, nomor HP, email, tanggal lahir, dan alamatnya secara permanen. Ini tidak bisa dibatalkan.&lt;/b&gt;&lt;br&gt;Lakukan hanya jika pelanggan meminta datanya dihapus.</translation>
    </message>
    <message>
        <source>Only mark for anonymisation (the data is removed later)</source>
        <translation>Hanya tandai untuk dianonimkan (data dihapus nanti)</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <source>Type {word}</source>
        <translation>Ketik {word}</translation>
    </message>
    <message>
        <source>Type {word} to confirm</source>
        <translation>Ketik {word} untuk konfirmasi</translation>
    </message>
    <message>
        <source>Anonymise for good</source>
        <translation>Anonimkan permanen</translation>
    </message>
    <message>
        <source>Mark for anonymisation</source>
        <translation>Tandai untuk dianonimkan</translation>
    </message>
    <message>
        <source>Type {word} exactly to confirm.</source>
        <translation>Ketik {word} persis untuk konfirmasi.</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>Menunggu dikirim</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
    <message>
        <source>Needs you</source>
        <translation>Perlu dicek</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <source>Outbox: registrations on this counter</source>
        <extracomment>A quick-registered member was completed with an item&apos;s details: the member&apos;s key. Who each item was for, remembered in memory while it waited (a delivered item&apos;s details are wiped from the file): the name the cashier typed, for this run only.</extracomment>
        <translation>Kotak keluar: pendaftaran di kasir ini</translation>
    </message>
    <message>
        <source>Registrations made while Stamps could not be reached are kept here and sent automatically. Those marked “Needs you” were refused: fix them and send again.</source>
        <translation>Pendaftaran yang dibuat saat Stamps tidak bisa dihubungi disimpan di sini dan dikirim otomatis. Yang bertanda “Perlu dicek” ditolak: perbaiki lalu kirim lagi.</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Disimpan</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Outbox registrations</source>
        <translation>Pendaftaran di kotak keluar</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Kirim sekarang</translation>
    </message>
    <message>
        <source>Fix and send again</source>
        <translation>Perbaiki dan kirim lagi</translation>
    </message>
    <message>
        <source>Member {card}</source>
        <translation>Anggota {card}</translation>
    </message>
    <message>
        <source>membership details</source>
        <extracomment>Seconds the list of earlier customers stays open on the idle screen.</extracomment>
        <translation>detail keanggotaan</translation>
    </message>
    <message>
        <source>full profile</source>
        <translation>profil lengkap</translation>
    </message>
    <message>
        <source>tier requirements</source>
        <translation>syarat level</translation>
    </message>
    <message>
        <source>✓ verified</source>
        <translation>✓ terverifikasi</translation>
    </message>
    <message>
        <source>✗ not verified</source>
        <translation>✗ belum terverifikasi</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Kewarganegaraan</translation>
    </message>
    <message>
        <source>Hobbies</source>
        <translation>Hobi</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Anak</translation>
    </message>
    <message>
        <source>Pets</source>
        <translation>Hewan peliharaan</translation>
    </message>
    <message>
        <source>Social media</source>
        <translation>Media sosial</translation>
    </message>
    <message>
        <source>Has the app</source>
        <translation>Punya aplikasi</translation>
    </message>
    <message>
        <source>Member profile</source>
        <translation>Profil anggota</translation>
    </message>
    <message>
        <source>Type a name, phone number, email or member ID above, or scan a member card.</source>
        <translation>Ketik nama, nomor HP, email, atau ID anggota di atas, atau pindai kartu anggota.</translation>
    </message>
    <message>
        <source>Loading member…</source>
        <translation>Memuat anggota…</translation>
    </message>
    <message>
        <source>Retry  (F5)</source>
        <translation>Coba lagi  (F5)</translation>
    </message>
    <message>
        <source>Retry loading</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>This member was anonymised: their personal data has been removed.</source>
        <translation>Anggota ini sudah dianonimkan: data pribadinya telah dihapus.</translation>
    </message>
    <message>
        <source>This membership is blocked: no points or rewards. Ask the manager.</source>
        <translation>Keanggotaan ini diblokir: tidak dapat poin atau hadiah. Tanya ke manajer.</translation>
    </message>
    <message>
        <source>Marked for anonymisation: personal data will be removed.</source>
        <translation>Ditandai untuk dianonimkan: data pribadi akan dihapus.</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>Keanggotaan</translation>
    </message>
    <message>
        <source>Member ID</source>
        <translation>ID anggota</translation>
    </message>
    <message>
        <source>Stamps</source>
        <translation>Stamp</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontak</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Nomor HP</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Promo</translation>
    </message>
    <message>
        <source>More details</source>
        <translation>Detail lainnya</translation>
    </message>
    <message>
        <source>Show more details</source>
        <translation>Tampilkan detail lainnya</translation>
    </message>
    <message>
        <source>Could not load the {parts}: {reason}</source>
        <translation>Gagal memuat {parts}: {reason}</translation>
    </message>
    <message>
        <source>Still loading the {parts}…</source>
        <translation>Masih memuat {parts}…</translation>
    </message>
    <message>
        <source>Could not load the {parts} of {name}: {reason}</source>
        <translation>Gagal memuat {parts} milik {name}: {reason}</translation>
    </message>
    <message>
        <source>Tier {tier}</source>
        <translation>Level {tier}</translation>
    </message>
    <message>
        <source>Member since {date}</source>
        <translation>Anggota sejak {date}</translation>
    </message>
    <message>
        <source>Full registration</source>
        <translation>Pendaftaran lengkap</translation>
    </message>
    <message>
        <source>Partial registration</source>
        <translation>Pendaftaran sebagian</translation>
    </message>
    <message>
        <source>ID {id}</source>
        <translation>ID {id}</translation>
    </message>
    <message>
        <source>{card} (primary card)</source>
        <translation>{card} (kartu utama)</translation>
    </message>
    <message>
        <source>No tags</source>
        <translation>Tidak ada tag</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>Register another</source>
        <translation>Daftarkan yang lain</translation>
    </message>
    <message>
        <source>✓ {name} is now a member</source>
        <translation>✓ {name} sekarang menjadi anggota</translation>
    </message>
    <message>
        <source>Tier: {tier}</source>
        <translation>Level: {tier}</translation>
    </message>
    <message>
        <source>Referral code: {code}</source>
        <translation>Kode referal: {code}</translation>
    </message>
    <message>
        <source>Saved on this counter</source>
        <translation>Tersimpan di kasir ini</translation>
    </message>
    <message>
        <source>The registration is stored safely and will be sent to Stamps automatically as soon as it can be reached ({waiting} waiting). There is nothing more to do; the customer can go.</source>
        <translation>Pendaftaran tersimpan dengan aman dan akan dikirim ke Stamps secara otomatis begitu bisa dihubungi ({waiting} menunggu). Tidak ada lagi yang perlu dilakukan; pelanggan boleh pergi.</translation>
    </message>
    <message>
        <source>The registration is stored safely and will be sent to Stamps automatically as soon as it can be reached ({waiting} waiting).</source>
        <translation>Pendaftaran tersimpan dengan aman dan akan dikirim ke Stamps secara otomatis begitu Stamps bisa dihubungi ({waiting} menunggu).</translation>
    </message>
    <message>
        <source>Register a new member</source>
        <translation>Daftarkan anggota baru</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Wajib</translation>
    </message>
    <message>
        <source>More about the customer (optional)</source>
        <translation>Tentang pelanggan (opsional)</translation>
    </message>
    <message>
        <source>PIN for redeeming rewards (optional)</source>
        <translation>PIN untuk menukar hadiah (opsional)</translation>
    </message>
    <message>
        <source>Full name as on ID</source>
        <translation>Nama lengkap sesuai KTP</translation>
    </message>
    <message>
        <source>Email *</source>
        <translation>Email *</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>nama@example.com</translation>
    </message>
    <message>
        <source>Mobile number *</source>
        <translation>Nomor HP *</translation>
    </message>
    <message>
        <source>0812 0000 0000</source>
        <translation>0812 0000 0000</translation>
    </message>
    <message>
        <source>Member card</source>
        <translation>Kartu anggota</translation>
    </message>
    <message>
        <source>Scan or type the card number</source>
        <translation>Pindai atau ketik nomor kartu</translation>
    </message>
    <message>
        <source>Leave empty to issue a new number</source>
        <translation>Kosongkan untuk membuat nomor baru</translation>
    </message>
    <message>
        <source>Street and number</source>
        <translation>Jalan dan nomor</translation>
    </message>
    <message>
        <source>Referral code</source>
        <translation>Kode referal</translation>
    </message>
    <message>
        <source>From a friend who is a member</source>
        <translation>Dari teman yang sudah menjadi anggota</translation>
    </message>
    <message>
        <source>Religion</source>
        <translation>Agama</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 sampai 8 angka</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Ulangi PIN</translation>
    </message>
    <message>
        <source>this store</source>
        <translation>toko ini</translation>
    </message>
    <message>
        <source>Registered at {store} by cashier {cashier}, method: {method}.</source>
        <translation>Didaftarkan di {store} oleh kasir {cashier}, metode: {method}.</translation>
    </message>
    <message>
        <source>Registered at {store} (no cashier signed in), method: {method}.</source>
        <translation>Didaftarkan di {store} (belum ada kasir yang masuk), metode: {method}.</translation>
    </message>
    <message>
        <source>Register  (Ctrl+Enter)</source>
        <translation>Daftar  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Clear form</source>
        <translation>Kosongkan formulir</translation>
    </message>
    <message>
        <source>Registering…</source>
        <translation>Mendaftarkan…</translation>
    </message>
    <message>
        <source>A member with this email: {member}</source>
        <translation>Anggota dengan email ini: {member}</translation>
    </message>
    <message>
        <source>A member with this mobile number: {member}</source>
        <translation>Anggota dengan nomor HP ini: {member}</translation>
    </message>
    <message>
        <source>Already a member? Registering twice is not possible.</source>
        <translation>Sudah menjadi anggota? Tidak bisa mendaftar dua kali.</translation>
    </message>
    <message>
        <source>Open this member</source>
        <translation>Buka anggota ini</translation>
    </message>
    <message>
        <source>Already used by {member}.</source>
        <translation>Sudah dipakai oleh {member}.</translation>
    </message>
    <message>
        <source>Quick registration</source>
        <extracomment>The new member&apos;s profile was changed here (the user id): the counter shows it again. Stamps cannot be reached: register with the full form instead (what was typed).</extracomment>
        <translation>Pendaftaran cepat</translation>
    </message>
    <message>
        <source>Full registration…</source>
        <translation>Pendaftaran lengkap…</translation>
    </message>
    <message>
        <source>Register with just an email address or a mobile number. The customer gets a message to complete their profile.</source>
        <translation>Daftar hanya dengan alamat email atau nomor HP. Pelanggan menerima pesan untuk melengkapi profilnya.</translation>
    </message>
    <message>
        <source>Email or mobile *</source>
        <translation>Email atau nomor HP *</translation>
    </message>
    <message>
        <source>name@example.com or 0812 0000 0000</source>
        <translation>nama@example.com atau 0812 0000 0000</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Daftar</translation>
    </message>
    <message>
        <source>Find a member: name, phone, email or member ID  (F2)</source>
        <translation>Cari anggota: nama, nomor HP, email, atau ID anggota  (F2)</translation>
    </message>
    <message>
        <source>Member search</source>
        <translation>Pencarian anggota</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(tanpa nama)</translation>
    </message>
    <message>
        <source>Matching members</source>
        <translation>Anggota yang cocok</translation>
    </message>
    <message>
        <source>Check the spelling, or search by phone number, email or member ID.</source>
        <extracomment>What to check when nobody matched, by what was typed (identify&apos;s kinds).</extracomment>
        <translation>Periksa ejaan, atau cari dengan nomor HP, email, atau ID anggota.</translation>
    </message>
    <message>
        <source>Register new member  (Ctrl+N)</source>
        <translation>Daftarkan anggota baru  (Ctrl+N)</translation>
    </message>
    <message>
        <source>Quick registration (email or phone only)</source>
        <translation>Pendaftaran cepat (hanya email atau nomor HP)</translation>
    </message>
    <message>
        <source>No member matches “{query}”.</source>
        <translation>Tidak ada anggota yang cocok dengan “{query}”.</translation>
    </message>
    <message>
        <source>by {date}</source>
        <translation>hingga {date}</translation>
    </message>
    <message>
        <source>by {date} (passed)</source>
        <translation>hingga {date} (sudah lewat)</translation>
    </message>
    <message>
        <source>by {date} (1 day left)</source>
        <translation>hingga {date} (sisa 1 hari)</translation>
    </message>
    <message>
        <source>by {date} ({days} days left)</source>
        <translation>hingga {date} (sisa {days} hari)</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Spend {amount} more {when} to reach {tier}.</source>
        <translation>Belanja {amount} lagi {when} untuk naik ke {tier}.</translation>
    </message>
    <message>
        <source>Highest tier: nothing more to reach.</source>
        <translation>Level tertinggi: tidak ada level di atasnya.</translation>
    </message>
    <message>
        <source>To keep {tier}, spend {amount} {when}, or the tier drops to {lower}.</source>
        <translation>Agar tetap {tier}, belanja {amount} {when}; kalau tidak, level turun ke {lower}.</translation>
    </message>
    <message>
        <source>this tier</source>
        <translation>level ini</translation>
    </message>
    <message>
        <source>Customer&apos;s phone and inbox — TRAINING</source>
        <translation>HP dan kotak masuk pelanggan — LATIHAN</translation>
    </message>
    <message>
        <source>TRAINING: what the customer receives on their phone or in their inbox. In a real store the customer reads the code from their own phone.</source>
        <translation>LATIHAN: yang diterima pelanggan di HP atau kotak masuknya. Di toko sungguhan pelanggan membaca kode dari HP-nya sendiri.</translation>
    </message>
    <message>
        <source>Messages to customers</source>
        <translation>Pesan ke pelanggan</translation>
    </message>
    <message>
        <source>{channel} to {to} · {time}</source>
        <translation>{channel} ke {to} · {time}</translation>
    </message>
    <message>
        <source>Single</source>
        <translation>Lajang</translation>
    </message>
    <message>
        <source>Married</source>
        <translation>Menikah</translation>
    </message>
    <message>
        <source>Divorced</source>
        <translation>Cerai</translation>
    </message>
    <message>
        <source>Widowed</source>
        <translation>Janda/Duda</translation>
    </message>
    <message>
        <source>Others</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <source>Enter the Stamps server address, e.g. https://stamps.co.id</source>
        <translation>Masukkan alamat server Stamps, mis. https://stamps.co.id</translation>
    </message>
    <message>
        <source>Enter the API token from the Stamps merchant dashboard.</source>
        <translation>Masukkan token API dari dasbor merchant Stamps.</translation>
    </message>
    <message>
        <source>The merchant ID is a whole number, e.g. 14.</source>
        <translation>ID merchant berupa bilangan bulat, mis. 14.</translation>
    </message>
    <message>
        <source>The store ID is a whole number, or leave it empty.</source>
        <translation>ID toko berupa bilangan bulat, atau kosongkan.</translation>
    </message>
    <message>
        <source>The address must start with https:// — Stamps does not accept plain http.</source>
        <translation>Alamat harus diawali https:// — Stamps tidak menerima http biasa.</translation>
    </message>
    <message>
        <source>The server asks for https: use an address that starts with https://.</source>
        <translation>Server meminta https: gunakan alamat yang diawali https://.</translation>
    </message>
    <message>
        <source>Stamps refused this token (or it does not belong to this merchant). Check both.</source>
        <translation>Stamps menolak token ini (atau token bukan milik merchant ini). Periksa keduanya.</translation>
    </message>
    <message>
        <source>Cannot reach Stamps at this address. Check the address and the network.</source>
        <translation>Stamps tidak dapat dihubungi di alamat ini. Periksa alamat dan jaringan.</translation>
    </message>
    <message>
        <source>This token belongs to merchant {id} ({name}), not {merchant}.</source>
        <translation>Token ini milik merchant {id} ({name}), bukan {merchant}.</translation>
    </message>
    <message>
        <source>Stamps server</source>
        <translation>Server Stamps</translation>
    </message>
    <message>
        <source>Sign-in kind</source>
        <translation>Cara masuk</translation>
    </message>
    <message>
        <source>Token (never expires)</source>
        <translation>Token (tidak kedaluwarsa)</translation>
    </message>
    <message>
        <source>JWT (renewed daily)</source>
        <translation>JWT (diperbarui setiap hari)</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>Token API</translation>
    </message>
    <message>
        <source>From the Stamps merchant dashboard</source>
        <translation>Dari dasbor merchant Stamps</translation>
    </message>
    <message>
        <source>Merchant ID</source>
        <translation>ID merchant</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opsional</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>Nama toko</translation>
    </message>
    <message>
        <source>Shown in the status bar</source>
        <translation>Ditampilkan di bilah status</translation>
    </message>
    <message>
        <source>This computer has no credential store to keep the token safely ({error}). Ask IT to enable Windows Credential Manager.</source>
        <translation>Komputer ini tidak punya penyimpanan kredensial untuk menyimpan token dengan aman ({error}). Minta IT mengaktifkan Windows Credential Manager.</translation>
    </message>
    <message>
        <source>Welcome to Stamps Members</source>
        <translation>Selamat datang di Anggota Stamps</translation>
    </message>
    <message>
        <source>This counter is not connected to Stamps yet. What would you like to do?</source>
        <translation>Kasir ini belum terhubung ke Stamps. Apa yang ingin Anda lakukan?</translation>
    </message>
    <message>
        <source>Practise in training mode</source>
        <translation>Berlatih dalam mode latihan</translation>
    </message>
    <message>
        <source>Demo members and a practice server on this computer. Nothing reaches real customers.</source>
        <translation>Anggota contoh dan server latihan di komputer ini. Tidak ada yang sampai ke pelanggan sungguhan.</translation>
    </message>
    <message>
        <source>Connect this counter to Stamps</source>
        <translation>Hubungkan kasir ini ke Stamps</translation>
    </message>
    <message>
        <source>For the store manager: needs the server address, API token and merchant ID.</source>
        <translation>Untuk manajer toko: perlu alamat server, token API, dan ID merchant.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Test and save</source>
        <translation>Uji dan simpan</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Menguji…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Code template (SMS)</source>
        <translation>Template kode (SMS)</translation>
    </message>
    <message>
        <source>Code template (WhatsApp)</source>
        <translation>Template kode (WhatsApp)</translation>
    </message>
    <message>
        <source>Code template (email)</source>
        <translation>Template kode (email)</translation>
    </message>
    <message>
        <source>Kiosk idle time (s)</source>
        <translation>Waktu diam kios (dtk)</translation>
    </message>
    <message>
        <source>Search delay (ms)</source>
        <translation>Jeda pencarian (ms)</translation>
    </message>
    <message>
        <source>New manager PIN</source>
        <translation>PIN manajer baru</translation>
    </message>
    <message>
        <source>Leave empty to keep</source>
        <translation>Kosongkan jika tidak diubah</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>Ulangi PIN baru</translation>
    </message>
    <message>
        <source>Connection (leave the token empty to keep the current one)</source>
        <translation>Koneksi (kosongkan token jika tidak diubah)</translation>
    </message>
    <message>
        <source>Enter a whole number from {low} to {high}.</source>
        <translation>Masukkan bilangan bulat dari {low} sampai {high}.</translation>
    </message>
    <message>
        <source>The manager PIN must be 4 to 12 digits.</source>
        <translation>PIN manajer harus 4 sampai 12 angka.</translation>
    </message>
    <message>
        <source>Cashier sign-in</source>
        <translation>Masuk kasir</translation>
    </message>
    <message>
        <source>Who is at this counter?</source>
        <translation>Siapa yang bertugas di kasir ini?</translation>
    </message>
    <message>
        <source>Employee code</source>
        <translation>Kode karyawan</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Enter your employee code: letters and digits, up to 20.</source>
        <translation>Masukkan kode karyawan Anda: huruf dan angka, paling banyak 20.</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <extracomment>The keyboard contract, true in every window (README &quot;Keys&quot; mirrors it; a test keeps them equal).</extracomment>
        <translation>Ke kotak pencarian</translation>
    </message>
    <message>
        <source>Open the highlighted suggestion (↑ ↓ move the highlight)</source>
        <translation>Buka saran yang disorot (↑ ↓ memindahkan sorotan)</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Kosongkan pencarian</translation>
    </message>
    <message>
        <source>Load the member again / retry</source>
        <translation>Muat ulang anggota / coba lagi</translation>
    </message>
    <message>
        <source>Store settings (manager PIN)</source>
        <translation>Pengaturan toko (PIN manajer)</translation>
    </message>
    <message>
        <source>This help</source>
        <translation>Bantuan ini</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tombol</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Store {id}</source>
        <extracomment>The manager PIN in training mode, unless the store settings set one (printed in the README). Its hash, made once (fixed salt: the PIN is public) so training start-up does not pay for PBKDF2. BUILTIN<byte value="x0"/>sers, by SID (the same in every Windows language). The outbox file found damaged at start-up and kept aside (the window tells IT). One manager-PIN gate for every dialog and the kiosk&apos;s staff gesture (wrong tries add up). The background update check (None when updates are off: no update_url, training, no root). Where the gate keeps wrong tries across restarts and users (None: in memory, e.g. training).</extracomment>
        <translation>Toko {id}</translation>
    </message>
    <message>
        <source>Please type your name.</source>
        <translation>Silakan ketik nama Anda.</translation>
    </message>
    <message>
        <source>Please check the year of your birthday.</source>
        <translation>Mohon periksa tahun kelahiran Anda.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {wait}.</source>
        <translation>Terlalu banyak PIN salah. Coba lagi dalam {wait}.</translation>
    </message>
    <message>
        <source>That is not the manager PIN. One more wrong PIN locks this for a while.</source>
        <translation>Itu bukan PIN manajer. Satu kali lagi PIN salah akan mengunci ini untuk sementara.</translation>
    </message>
    <message>
        <source>{n} seconds</source>
        <translation>{n} detik</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} menit</translation>
    </message>
    <message>
        <source>(1 try left)</source>
        <translation>(sisa 1 kali)</translation>
    </message>
    <message>
        <source>({left} tries left)</source>
        <translation>(sisa {left} kali)</translation>
    </message>
    <message>
        <source>Current level ({level})</source>
        <translation>Level sekarang ({level})</translation>
    </message>
    <message>
        <source>Next customer</source>
        <extracomment>The cashier&apos;s actions: name, label, shortcut, needs an open member (also listed in the F1 help).</extracomment>
        <translation>Pelanggan berikut</translation>
    </message>
    <message>
        <source>Save  (Ctrl+Enter)</source>
        <translation>Simpan  (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Remove {tag}?</source>
        <translation>Hapus {tag}?</translation>
    </message>
    <message>
        <source>Yes, remove</source>
        <translation>Ya, hapus</translation>
    </message>
    <message>
        <source>Yes, remove tag {tag}</source>
        <translation>Ya, hapus tag {tag}</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Jangan hapus</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>(belum ada nama)</translation>
    </message>
    <message>
        <source>Anonymised</source>
        <translation>Dianonimkan</translation>
    </message>
    <message>
        <source>None: the member was anonymised</source>
        <translation>Tidak ada: anggota ini sudah dianonimkan</translation>
    </message>
    <message>
        <source>Shortcut: {keys}</source>
        <extracomment>A trailing shortcut hint: &quot;Register (Ctrl+Enter)&quot;, &quot;Help (F1)&quot;.</extracomment>
        <translation>Pintasan: {keys}</translation>
    </message>
    <message>
        <source>Delete</source>
        <extracomment>Drives the repeat (tests fire its timeout themselves instead of waiting).</extracomment>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Capital letter</source>
        <extracomment>Whole starts of a number (a mobile operator&apos;s 08xx): one tap for four digits, shown while the number has not got past its start. Whole addresses proposed from the customer&apos;s name: one tap instead of twenty.</extracomment>
        <translation>Huruf besar</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Spasi</translation>
    </message>
    <message>
        <source>What is your mobile number?</source>
        <translation>Berapa nomor HP Anda?</translation>
    </message>
    <message>
        <source>When is your birthday?</source>
        <translation>Kapan tanggal lahir Anda?</translation>
    </message>
    <message>
        <source>Optional, for birthday treats. Day, month, year: for example 30-05-1993.</source>
        <translation>Opsional, untuk hadiah ulang tahun. Tanggal, bulan, tahun: misalnya 30-05-1993.</translation>
    </message>
    <message>
        <source>You are already a member</source>
        <translation>Anda sudah menjadi anggota</translation>
    </message>
    <message>
        <source>Please ask our staff, they will help you.</source>
        <translation>Silakan tanya staf kami, mereka siap membantu.</translation>
    </message>
    <message>
        <source>Updating — back in a minute</source>
        <translation>Sedang diperbarui — sebentar lagi kembali</translation>
    </message>
    <message>
        <source>Your gender (optional)</source>
        <translation>Jenis kelamin Anda (opsional)</translation>
    </message>
    <message>
        <source>QR code of your member number</source>
        <translation>Kode QR nomor anggota Anda</translation>
    </message>
    <message>
        <source>Staff only: manager PIN</source>
        <translation>Khusus staf: PIN manajer</translation>
    </message>
    <message>
        <source>Customers: tap Cancel to go back.</source>
        <translation>Pelanggan: ketuk Batal untuk kembali.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>Every page of the kiosk: the customer&apos;s steps (``STEPS``), and around them. What changed, for the window to render (&quot;wipe&quot; and &quot;language&quot; redraw every page). What each step asks for. What Next says while the step waits for Stamps (or the PIN check), by step.</extracomment>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>Tidak diisi</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>Terima kasih!</translation>
    </message>
    <message>
        <source>Your registration is saved. Our staff can find your member number at the counter.</source>
        <translation>Pendaftaran Anda tersimpan. Staf kami bisa mencarikan nomor anggota Anda di kasir.</translation>
    </message>
    <message>
        <source>Welcome, you are a member!</source>
        <translation>Selamat, Anda sekarang anggota kami!</translation>
    </message>
    <message>
        <source>Your member number:</source>
        <translation>Nomor anggota Anda:</translation>
    </message>
    <message>
        <source>Photograph your number or scan the QR code, and show it at the counter.</source>
        <translation>Foto nomor Anda atau pindai kode QR-nya, lalu tunjukkan di kasir.</translation>
    </message>
    <message>
        <source>Something went wrong. Please ask our staff.</source>
        <extracomment>The customer&apos;s steps, in order (welcome before, done after).
----------
Answers that draw each error a step&apos;s field can show (``KioskFlow.error_samples``). Where an error can be shown (anything else shows on the summary). The summary&apos;s rows and the step that asks each (a tap on a row opens that step for a correction). Seconds of &quot;Still there?&quot; before the screen is wiped. After a page change its buttons ignore taps this long: a double tap answers one page only. Longer on the Done page: its Finish would hide the member number the customer came for. How long the staff notice stays after taps on the logo while the PIN is locked. How often a countdown on screen is redrawn. The step opened from the summary to correct an answer: its Next goes back to the summary.</extracomment>
        <translation>Terjadi kesalahan. Silakan tanya staf kami.</translation>
    </message>
    <message>
        <source>Back to the start in {seconds} seconds.</source>
        <translation>Kembali ke awal dalam {seconds} detik.</translation>
    </message>
    <message>
        <source>Back to the previous customer (this shift)</source>
        <translation>Kembali ke pelanggan sebelumnya (shift ini)</translation>
    </message>
    <message>
        <source>Served this shift (Alt+← opens the last one)</source>
        <translation>Dilayani di shift ini (Alt+← membuka yang terakhir)</translation>
    </message>
    <message>
        <source>Birthday today!</source>
        <translation>Ulang tahun hari ini!</translation>
    </message>
    <message>
        <source>Birthday this month: {date}</source>
        <translation>Ulang tahun bulan ini: {date}</translation>
    </message>
    <message>
        <source>Staff note: {notes}</source>
        <translation>Catatan staf: {notes}</translation>
    </message>
    <message>
        <source>Open {name} again</source>
        <translation>Buka {name} lagi</translation>
    </message>
    <message>
        <source>{count} members shown; more may match: type more of the name, or the phone number.</source>
        <translation>{count} anggota ditampilkan; mungkin ada yang lain: ketik nama lebih lengkap, atau nomor HP.</translation>
    </message>
    <message>
        <source>1 member found.</source>
        <translation>1 anggota ditemukan.</translation>
    </message>
    <message>
        <source>{count} members found.</source>
        <translation>{count} anggota ditemukan.</translation>
    </message>
    <message>
        <source>phone ending {digits}</source>
        <translation>nomor HP berakhiran {digits}</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Toko</translation>
    </message>
    <message>
        <source>Another store than this one ({store})</source>
        <translation>Toko lain, bukan toko ini ({store})</translation>
    </message>
    <message>
        <source>The other store&apos;s ID</source>
        <translation>ID toko lain</translation>
    </message>
    <message>
        <source>QR code of the member number</source>
        <translation>Kode QR nomor anggota</translation>
    </message>
    <message>
        <source>Member number: {card}</source>
        <translation>Nomor anggota: {card}</translation>
    </message>
    <message>
        <source>Member number</source>
        <translation>Nomor anggota</translation>
    </message>
    <message>
        <source>Apply (Set level, unlock the settings); Anonymise needs a click</source>
        <translation>Terapkan (Atur level, buka pengaturan); Anonimkan harus diklik</translation>
    </message>
    <message>
        <source>Card scan</source>
        <translation>Pindai kartu</translation>
    </message>
    <message>
        <source>Card scan ignored: finish or close this window first.</source>
        <translation>Pindaian kartu diabaikan: selesaikan atau tutup jendela ini dulu.</translation>
    </message>
    <message>
        <source>Clear the search (the member on screen stays); on an empty search box: next customer</source>
        <translation>Hapus pencarian (anggota di layar tetap); jika kotak pencarian kosong: pelanggan berikut</translation>
    </message>
    <message>
        <source>Close it without saving (sign-in excepted; a registration on its way shows its outcome first)</source>
        <translation>Tutup tanpa menyimpan (kecuali masuk kasir; pendaftaran yang sedang dikirim menampilkan hasilnya dulu)</translation>
    </message>
    <message>
        <source>Enter in a window</source>
        <translation>Enter di jendela</translation>
    </message>
    <message>
        <source>Enter in the manager PIN field</source>
        <translation>Enter di kolom PIN manajer</translation>
    </message>
    <message>
        <source>Enter in the registration form</source>
        <translation>Enter di formulir pendaftaran</translation>
    </message>
    <message>
        <source>Esc in a window</source>
        <translation>Esc di jendela</translation>
    </message>
    <message>
        <source>Next field (a card scanner ends with Enter)</source>
        <translation>Kolom berikutnya (pemindai kartu diakhiri dengan Enter)</translation>
    </message>
    <message>
        <source>Before any suggestion shows, on a full email, phone number or member ID: open that member, or offer to register them</source>
        <translation>Sebelum ada saran muncul, pada email, nomor HP, atau ID anggota lengkap: buka anggota itu, atau tawarkan untuk mendaftarkannya</translation>
    </message>
    <message>
        <source>Open that member, wherever the cursor is (replaces what was typed; ignored while another window is open)</source>
        <translation>Buka anggota itu, di mana pun kursornya (menggantikan yang diketik; diabaikan jika ada jendela lain terbuka)</translation>
    </message>
    <message>
        <source>Save or send the form (register, edit profile, tags, set level, code)</source>
        <translation>Simpan atau kirim formulir (daftar, ubah profil, tag, atur level, kode)</translation>
    </message>
    <message>
        <source>Switch cashier (asks first when a customer or a draft is on screen; Enter stays)</source>
        <translation>Ganti kasir (bertanya dulu jika ada pelanggan atau draf di layar; Enter = tetap)</translation>
    </message>
    <message>
        <source>The customer on screen will be closed.</source>
        <translation>Pelanggan di layar akan ditutup.</translation>
    </message>
    <message>
        <source>The registration that was started will be cleared.</source>
        <translation>Pendaftaran yang sudah dimulai akan dihapus.</translation>
    </message>
    <message>
        <source>Sign out?</source>
        <translation>Keluar?</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>Tetap</translation>
    </message>
    <message>
        <source>The button drawn as primary; never Remove or Anonymise (they need a click)</source>
        <translation>Tombol utama; bukan Hapus atau Anonimkan (harus diklik)</translation>
    </message>
    <message>
        <source>Training mode: the customer&apos;s phone and inbox, also beside a code window</source>
        <translation>Mode latihan: HP dan kotak masuk pelanggan, juga di samping jendela kode</translation>
    </message>
    <message>
        <source>Enter the new number or address.</source>
        <translation>Masukkan nomor atau alamat yang baru.</translation>
    </message>
    <message>
        <source>a lower tier</source>
        <translation>level di bawahnya</translation>
    </message>
    <message>
        <source>Ask the customer&apos;s name: Stamps needs it to save their choices.</source>
        <translation>Tanyakan nama pelanggan: Stamps memerlukannya untuk menyimpan pilihan mereka.</translation>
    </message>
    <message>
        <source>Type the customer&apos;s name: Stamps needs it to save “no”. Nothing is saved yet.</source>
        <translation>Ketik nama pelanggan: Stamps memerlukannya untuk menyimpan “tidak”. Belum ada yang disimpan.</translation>
    </message>
    <message>
        <source>newsletter</source>
        <translation>buletin</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>What is your email address? (required)</source>
        <translation>Apa alamat email Anda? (wajib)</translation>
    </message>
    <message>
        <source>Close the kiosk?</source>
        <translation>Tutup kios?</translation>
    </message>
    <message>
        <source>Staff only. Cancel goes back to the start.</source>
        <translation>Khusus staf. Batal: kembali ke awal.</translation>
    </message>
    <message>
        <source>Active</source>
        <extracomment>The status words Stamps is known to send, in the cashier&apos;s language (others are shown as sent).</extracomment>
        <translation>Aktif</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Tidak aktif</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>Diblokir</translation>
    </message>
    <message>
        <source>Pending anonymisation</source>
        <translation>Menunggu anonimisasi</translation>
    </message>
    <message>
        <source>Mobile web</source>
        <extracomment>The seed&apos;s registration methods, in the cashier&apos;s language.</extracomment>
        <translation>Web seluler</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>Mobile API</source>
        <translation>API seluler</translation>
    </message>
    <message>
        <source>Android</source>
        <translation>Android</translation>
    </message>
    <message>
        <source>iOS</source>
        <translation>iOS</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Diimpor</translation>
    </message>
    <message>
        <source>No member has this phone number. Check the number with the customer, or register them.</source>
        <translation>Tidak ada anggota dengan nomor HP ini. Periksa nomornya dengan pelanggan, atau daftarkan pelanggan.</translation>
    </message>
    <message>
        <source>No member has this email address. Check it with the customer, or register them.</source>
        <translation>Tidak ada anggota dengan alamat email ini. Periksa dengan pelanggan, atau daftarkan pelanggan.</translation>
    </message>
    <message>
        <source>No member has this member ID or card. Check the number, or register them.</source>
        <translation>Tidak ada anggota dengan ID anggota atau kartu ini. Periksa nomornya, atau daftarkan pelanggan.</translation>
    </message>
    <message>
        <source>Too many codes were sent for this customer. Wait a few minutes, then send a new code.</source>
        <extracomment>Error codes any call can meet, in the cashier&apos;s words (the server&apos;s own text is for developers).</extracomment>
        <translation>Terlalu banyak kode dikirim untuk pelanggan ini. Tunggu beberapa menit, lalu kirim kode baru.</translation>
    </message>
    <message>
        <source>This member was anonymised: their details can no longer be changed.</source>
        <translation>Anggota ini sudah dianonimkan: datanya tidak bisa diubah lagi.</translation>
    </message>
    <message>
        <source>What was typed is too long for Stamps. Shorten the longest text (notes, address) and try again.</source>
        <translation>Yang diketik terlalu panjang untuk Stamps. Persingkat teks terpanjang (catatan, alamat) lalu coba lagi.</translation>
    </message>
    <message>
        <source>Stamps could not read what this app sent. Please try again; if it persists, call support.</source>
        <translation>Stamps tidak dapat membaca yang dikirim aplikasi ini. Silakan coba lagi; jika terus terjadi, hubungi dukungan.</translation>
    </message>
    <message>
        <source>You can type the manager PIN again now.</source>
        <translation>Sekarang PIN manajer bisa diketik lagi.</translation>
    </message>
    <message>
        <source>Previous customers this shift…</source>
        <translation>Pelanggan sebelumnya di shift ini…</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Lewati</translation>
    </message>
    <message>
        <source>Use this email address</source>
        <translation>Pakai alamat email ini</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>Tindakan lainnya</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Counter menu</source>
        <translation>Menu kasir</translation>
    </message>
    <message>
        <source>⚠ {tier} · spend {amount} {when} to keep it</source>
        <translation>⚠ {tier} · belanja {amount} {when} agar tetap di level ini</translation>
    </message>
    <message>
        <source>{tier} · {amount} more to {next} · {when}</source>
        <translation>{tier} · {amount} lagi ke {next} · {when}</translation>
    </message>
    <message>
        <source>{tier} · highest tier</source>
        <translation>{tier} · level tertinggi</translation>
    </message>
    <message>
        <source>◂ Previous customer  (Alt+←)</source>
        <translation>◂ Pelanggan sebelumnya  (Alt+←)</translation>
    </message>
    <message>
        <source>Back to the previous customer</source>
        <translation>Kembali ke pelanggan sebelumnya</translation>
    </message>
    <message>
        <source>Training: {value}</source>
        <translation>Latihan: {value}</translation>
    </message>
    <message>
        <source>ANONYMISE</source>
        <extracomment>Typed to confirm anonymising a member without a usable first name, in the screen&apos;s language (ANONIMKAN in Indonesian): the word the dialog shows is the word it accepts.</extracomment>
        <translation>ANONIMKAN</translation>
    </message>
    <message>
        <source>by {date} (today)</source>
        <translation>hingga {date} (hari ini)</translation>
    </message>
    <message>
        <source>Spent towards keeping {tier}: {percent}</source>
        <translation>Belanja untuk mempertahankan {tier}: {percent}</translation>
    </message>
    <message>
        <source>Progress from {tier} to {next}: {percent}</source>
        <translation>Kemajuan dari {tier} ke {next}: {percent}</translation>
    </message>
    <message>
        <source>{percent} of the way</source>
        <extracomment>Steps of the bar (a tenth of a percent).</extracomment>
        <translation>{percent} tercapai</translation>
    </message>
    <message>
        <source>The customer has not answered about promos ({channels}). Stamps may send them promos they did not agree to: set these to no?</source>
        <translation>Pelanggan belum menjawab soal promo ({channels}). Stamps bisa mengirim promo yang tidak ia setujui: tolak semua?</translation>
    </message>
    <message>
        <source>Stamps needs the customer&apos;s name to save it: type it next, then Enter.</source>
        <translation>Stamps memerlukan nama pelanggan untuk menyimpannya: ketik namanya, lalu Enter.</translation>
    </message>
    <message>
        <source>Set all to no</source>
        <translation>Tolak semua</translation>
    </message>
    <message>
        <source>Back to the customer&apos;s answers</source>
        <translation>Kembali ke jawaban pelanggan</translation>
    </message>
    <message>
        <source>Customer agrees that {store} sends them promos on WhatsApp</source>
        <extracomment>The three marketing consents, as the API names them. At the counter, the cashier reads the question out: one line a channel, naming the store.</extracomment>
        <translation>Pelanggan setuju {store} mengirim promo lewat WhatsApp</translation>
    </message>
    <message>
        <source>Customer agrees that {store} sends them promos by SMS</source>
        <translation>Pelanggan setuju {store} mengirim promo lewat SMS</translation>
    </message>
    <message>
        <source>Customer agrees that {store} sends them its newsletter by email</source>
        <translation>Pelanggan setuju {store} mengirim buletin lewat email</translation>
    </message>
    <message>
        <source>Yes, {store} may send me promos on WhatsApp</source>
        <extracomment>At the kiosk, the customer answers for themselves.</extracomment>
        <translation>Ya, saya mau promo {store} lewat WhatsApp</translation>
    </message>
    <message>
        <source>Yes, {store} may send me promos by SMS</source>
        <translation>Ya, saya mau promo {store} lewat SMS</translation>
    </message>
    <message>
        <source>Yes, {store} may send me its newsletter by email</source>
        <translation>Ya, saya mau buletin {store} lewat email</translation>
    </message>
    <message>
        <source>Promos on WhatsApp</source>
        <extracomment>Short names of what each channel sends (summaries, the profile).</extracomment>
        <translation>Promo lewat WhatsApp</translation>
    </message>
    <message>
        <source>Promos by SMS</source>
        <translation>Promo lewat SMS</translation>
    </message>
    <message>
        <source>Newsletter by email</source>
        <translation>Buletin lewat email</translation>
    </message>
    <message>
        <source>Tell the customer: {store} keeps their details on Stamps, its membership platform, to run their membership (points, rewards, level) and, only for what they agree to, to send promos. They may see, correct or delete their data and withdraw any consent at any time: at any {store} counter.</source>
        <translation>Sampaikan ke pelanggan: {store} menyimpan datanya di Stamps, platform keanggotaannya, untuk mengelola keanggotaan pelanggan (poin, hadiah, level) dan, hanya untuk yang ia setujui, mengirim promo. Pelanggan boleh melihat, memperbaiki, atau menghapus datanya dan menarik persetujuan kapan saja: di kasir {store} mana pun.</translation>
    </message>
    <message>
        <source>{store} keeps your details on Stamps, its membership platform, to run your membership (points, rewards, level) and, only for what you tick, to send you promos. You may see, correct or delete your data and withdraw any consent at any time: just ask at the {store} counter.</source>
        <translation>{store} menyimpan data Anda di Stamps, platform keanggotaannya, untuk mengelola keanggotaan Anda (poin, hadiah, level) dan, hanya untuk yang Anda centang, mengirimi Anda promo. Anda boleh melihat, memperbaiki, atau menghapus data Anda dan menarik persetujuan kapan saja: cukup minta di kasir {store}.</translation>
    </message>
    <message>
        <source>Privacy policy: {url}</source>
        <translation>Kebijakan privasi: {url}</translation>
    </message>
    <message>
        <source>not asked yet</source>
        <translation>belum ditanyakan</translation>
    </message>
    <message>
        <source>A parent or guardian is here and agrees (the cashier checked)</source>
        <translation>Orang tua atau wali hadir dan setuju (sudah dicek kasir)</translation>
    </message>
    <message>
        <source>Under {age}: a parent or guardian must agree. Tick the box once they have.</source>
        <translation>Di bawah {age} tahun: orang tua atau wali harus setuju. Centang kotaknya setelah mereka setuju.</translation>
    </message>
    <message>
        <source>Please register at the counter</source>
        <translation>Silakan daftar di kasir</translation>
    </message>
    <message>
        <source>Type your birthday, or tap “Skip: I am {age} or older”.</source>
        <translation>Ketik tanggal lahir Anda, atau ketuk “Lewati: usia saya {age}+”.</translation>
    </message>
    <message>
        <source>Tick only what you want. You can withdraw it at any time at the counter.</source>
        <translation>Centang hanya yang Anda mau. Anda bisa menariknya kapan saja di kasir.</translation>
    </message>
    <message>
        <source>Promos: ask the customer, one by one</source>
        <translation>Promo: tanyakan ke pelanggan satu per satu</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Orang tua</translation>
    </message>
    <message>
        <source>QR code of the privacy policy</source>
        <translation>Kode QR kebijakan privasi</translation>
    </message>
    <message>
        <source>Enter the whole link, starting with https://</source>
        <translation>Masukkan link lengkap, diawali https://</translation>
    </message>
    <message>
        <source>Privacy policy (link)</source>
        <translation>Kebijakan privasi (link)</translation>
    </message>
    <message>
        <source>Shown with the consent questions, as text and a QR code</source>
        <translation>Ditampilkan bersama pertanyaan persetujuan, sebagai teks dan kode QR</translation>
    </message>
    <message>
        <source>Youngest age to register alone</source>
        <translation>Umur minimal daftar sendiri</translation>
    </message>
    <message>
        <source>Younger customers register at the counter with a parent</source>
        <translation>Pelanggan yang lebih muda mendaftar di kasir bersama orang tua</translation>
    </message>
    <message>
        <source>Ask the customer: yes or no.</source>
        <translation>Tanyakan ke pelanggan: ya atau tidak.</translation>
    </message>
    <message>
        <source>Quick registration does not ask about promos. Ask the customer about each one, or set them all to no, and save with their name:</source>
        <extracomment>The panel appeared or changed size (its content comes after the page, from a look-up). The customer&apos;s name and choices were saved on the member.</extracomment>
        <translation>Pendaftaran cepat tidak menanyakan promo. Tanyakan ke pelanggan satu per satu, atau tolak semua, lalu simpan beserta namanya:</translation>
    </message>
    <message>
        <source>No to all</source>
        <translation>Tolak semua</translation>
    </message>
    <message>
        <source>Save the customer&apos;s answers</source>
        <translation>Simpan jawaban pelanggan</translation>
    </message>
    <message>
        <source>Promos, as Stamps has them now:</source>
        <extracomment>What to do once the answers are saved, asked for before the name was typed (&quot;Set all to no&quot; on leaving).</extracomment>
        <translation>Promo menurut catatan Stamps saat ini:</translation>
    </message>
    <message>
        <source>✓ Saved the customer&apos;s answers.</source>
        <translation>✓ Jawaban pelanggan tersimpan.</translation>
    </message>
    <message>
        <source>Version {version} · {channel}</source>
        <extracomment>Not configured (no ``update_url``): the counter is updated by IT only. When the last check ended (UTC, ISO 8601), and how (``check.Outcome`` values). The channel&apos;s release when it differs from ``version`` (waiting or ready). A verified installer waiting for the apply step: its version and file. This store&apos;s place in staged rollouts (0-99) and the release&apos;s share.</extracomment>
        <translation>Versi {version} · {channel}</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versi {version}</translation>
    </message>
    <message>
        <source>update {version} ready: installs between customers</source>
        <translation>pembaruan {version} siap: dipasang di antara pelanggan</translation>
    </message>
    <message>
        <source>update {version} reaches other stores first</source>
        <translation>pembaruan {version} sampai ke toko lain lebih dulu</translation>
    </message>
    <message>
        <source>Updates come from IT (no update repository set)</source>
        <translation>Pembaruan dipasang oleh IT (tidak ada repositori pembaruan)</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>sudah terbaru</translation>
    </message>
    <message>
        <source>update repository not reachable</source>
        <translation>repositori pembaruan tidak terjangkau</translation>
    </message>
    <message>
        <source>an update was refused (see the log)</source>
        <translation>ada pembaruan yang ditolak (lihat log)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <source>Last update check: {when}</source>
        <translation>Pemeriksaan pembaruan terakhir: {when}</translation>
    </message>
    <message>
        <source>Under {age}? Come to the counter with a parent or guardian to register.</source>
        <translation>Di bawah {age} tahun? Ajak orang tua atau wali ke kasir untuk mendaftar.</translation>
    </message>
    <message>
        <source>Stamps needs the customer&apos;s choice here, and it is not known yet. Ask the customer and tick or untick it, or close and wait until the member&apos;s details have loaded.</source>
        <translation>Stamps memerlukan pilihan pelanggan di sini, dan pilihan itu belum diketahui. Tanyakan kepada pelanggan lalu centang atau kosongkan, atau tutup dan tunggu sampai detail anggota selesai dimuat.</translation>
    </message>
    <message>
        <source>The customer&apos;s choices drawn half-ticked are not known (Stamps did not give them, or the member&apos;s details have not loaded). They stay as Stamps holds them unless you tick or untick them.</source>
        <translation>Pilihan pelanggan yang tampil setengah dicentang belum diketahui (Stamps tidak memberikannya, atau detail anggota belum dimuat). Pilihan itu tetap seperti yang tersimpan di Stamps kecuali Anda mencentang atau mengosongkannya.</translation>
    </message>
    <message>
        <source>A quick-registered member (no name or phone yet) already has this email. Nothing was changed: in the outbox (Ctrl+O) you can complete that member with these details.</source>
        <translation>Anggota dari pendaftaran cepat (belum ada nama atau nomor HP) sudah memakai email ini. Tidak ada yang diubah: di kotak keluar (Ctrl+O) Anda bisa melengkapi anggota itu dengan data ini.</translation>
    </message>
    <message>
        <source>Another member already has this email, with a different name or phone. Nothing was sent twice: check with the customer, then fix or discard this registration.</source>
        <translation>Anggota lain sudah memakai email ini, dengan nama atau nomor HP yang berbeda. Tidak ada yang terkirim dua kali: tanyakan kepada pelanggan, lalu perbaiki atau buang pendaftaran ini.</translation>
    </message>
    <message>
        <source>Member completed. Change their phone with a code (Ctrl+P) while the customer is here.</source>
        <translation>Data anggota sudah dilengkapi. Ganti nomor HP-nya dengan kode (Ctrl+P) selagi pelanggan masih di sini.</translation>
    </message>
    <message>
        <source>Was already at Stamps (found, not sent again)</source>
        <translation>Sudah ada di Stamps (ditemukan, tidak dikirim lagi)</translation>
    </message>
    <message>
        <source>Completed the quick-registered member</source>
        <translation>Anggota pendaftaran cepat sudah dilengkapi</translation>
    </message>
    <message>
        <source>Quick registration: promos not asked yet. Ask when the customer comes back (Edit profile), or set them to no there.</source>
        <extracomment>A quick registration sent from the outbox: nobody asked about promos (Stamps&apos; defaults stand).</extracomment>
        <translation>Pendaftaran cepat: promo belum ditanyakan. Tanyakan saat pelanggan datang lagi (Ubah profil), atau ubah ke “tidak” di sana.</translation>
    </message>
    <message>
        <source>Complete that member…</source>
        <translation>Lengkapi anggota itu…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Nanti saja</translation>
    </message>
    <message>
        <source>Yes, complete that member</source>
        <translation>Ya, lengkapi anggota itu</translation>
    </message>
    <message>
        <source>A member quick-registered with {email} already exists at Stamps, with no name or phone yet. Complete that member with the details typed for {name}? Their name, birthday, address and offer choices are saved on that member. The mobile number is not: change it with a code the customer receives (Change phone) while they are at the counter.</source>
        <translation>Anggota dari pendaftaran cepat dengan {email} sudah ada di Stamps, belum ada nama atau nomor HP. Lengkapi anggota itu dengan data yang diketik untuk {name}? Nama, tanggal lahir, alamat, dan pilihan promo disimpan pada anggota itu. Nomor HP tidak: ganti dengan kode yang diterima pelanggan (Ganti nomor HP) selagi pelanggan ada di kasir.</translation>
    </message>
    <message>
        <source>That member is no longer a quick registration with this email (someone changed it meanwhile). Nothing was saved: open the member and check with the customer.</source>
        <extracomment>What of a registration&apos;s data change-profile can put on an existing member.</extracomment>
        <translation>Anggota itu bukan lagi pendaftaran cepat dengan email ini (ada yang mengubahnya sementara itu). Tidak ada yang disimpan: buka anggota itu dan tanyakan kepada pelanggan.</translation>
    </message>
    <message>
        <source>Stamps&apos; answer could not be read, so this change is not confirmed. The member is shown again as Stamps holds it now: check there whether it was saved before changing anything.</source>
        <translation>Jawaban Stamps tidak bisa dibaca, jadi perubahan ini belum pasti tersimpan. Data anggota ditampilkan lagi sesuai yang ada di Stamps sekarang: periksa di sana apakah sudah tersimpan sebelum mengubah apa pun.</translation>
    </message>
    <message>
        <source>This date is in the past: Stamps may end the level at once. Change it, or press Set level again to keep it.</source>
        <translation>Tanggal ini sudah lewat: Stamps bisa langsung mengakhiri level ini. Ubah tanggalnya, atau tekan Atur level sekali lagi untuk tetap memakainya.</translation>
    </message>
    <message>
        <source>No member holds card number {card}. Stamps answered with another member (one whose ID is that number), so nothing is shown. Check the card, or search by name or phone.</source>
        <extracomment>What the window shows under the search box. What changed, for the window to render (&quot;member&quot; also for each part of a profile that lands). Member actions, and the one that needs no member. Customers kept in ``recent`` (most recent first).</extracomment>
        <translation>Tidak ada anggota yang memegang kartu nomor {card}. Stamps menjawab dengan anggota lain (yang ID-nya nomor itu), jadi tidak ada yang ditampilkan. Periksa kartunya, atau cari dengan nama atau nomor HP.</translation>
    </message>
    <message>
        <source>Stamps is not answering right now, so this was saved on this counter at once.</source>
        <translation>Stamps sedang tidak menjawab, jadi pendaftaran ini langsung disimpan di kasir ini.</translation>
    </message>
    <message>
        <source>Stamps cannot be reached now, and a quick registration sent later would go without asking about promos. Register with the full form: it is saved on this counter with the customer&apos;s own answers.</source>
        <extracomment>Where a submission is: &quot;checking&quot; (only look-ups sent: nothing can be at Stamps yet), &quot;saving&quot; (the outbox is writing it: from then on it is the outbox&apos;s), &quot;handed&quot; (the app closed during the check and gave it to the outbox), or &quot;&quot; (none running). How long a closing app waits for the outbox to finish writing a registration it started. Quick registration takes no consents: saved for later, it would reach Stamps with Stamps&apos; own defaults (the seed&apos;s &quot;defaults to true&quot;) and nobody there to ask. Not kept: the full form is.</extracomment>
        <translation>Stamps tidak bisa dihubungi sekarang, dan pendaftaran cepat yang dikirim nanti akan terkirim tanpa menanyakan promo. Daftarkan dengan formulir lengkap: tersimpan di kasir ini bersama jawaban pelanggan sendiri.</translation>
    </message>
    <message>
        <source>Promos were not asked: once this is sent, Stamps may count them as yes. Ask about promos when {contact} comes back (Edit profile), or set them to no there.</source>
        <extracomment>A quick registration queued after all (its first sending failed on the way): what to tell the cashier.</extracomment>
        <translation>Promo belum ditanyakan: setelah ini terkirim, Stamps bisa menganggapnya “ya”. Tanyakan soal promo saat {contact} datang lagi (Ubah profil), atau ubah semuanya ke “tidak” di sana.</translation>
    </message>
    <message>
        <source>Waiting for Stamps…</source>
        <translation>Menunggu Stamps…</translation>
    </message>
    <message>
        <source>Sending the code…</source>
        <translation>Mengirim kode…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <source>Checking the code…</source>
        <translation>Memeriksa kode…</translation>
    </message>
    <message>
        <source>Stamps is not answering right now (the network is fine). The app keeps retrying.</source>
        <translation>Stamps sedang tidak menjawab (jaringan baik-baik saja). Aplikasi terus mencoba lagi.</translation>
    </message>
    <message>
        <source>Stamps&apos; certificate looks out of date: the date or time of this computer is probably wrong. Set the clock right (or call IT); the app keeps retrying.</source>
        <translation>Sertifikat Stamps tampak kedaluwarsa: tanggal atau jam komputer ini mungkin salah. Betulkan jamnya (atau hubungi IT); aplikasi terus mencoba lagi.</translation>
    </message>
    <message>
        <source>Stamps&apos; certificate could not be checked: something on this network (a proxy or filter) is in the way. Call IT; the app keeps retrying.</source>
        <translation>Sertifikat Stamps tidak bisa diperiksa: ada yang menghalangi di jaringan ini (server perantara atau penyaring). Hubungi IT; aplikasi terus mencoba lagi.</translation>
    </message>
    <message>
        <source>Stamps refused this. Check what was typed; if it happens again, call support with this code: {code}.</source>
        <translation>Stamps menolak ini. Periksa yang diketik; kalau terjadi lagi, hubungi dukungan dengan kode ini: {code}.</translation>
    </message>
    <message>
        <source>Stamps could not accept this request ({code}). If it happens again, call support.</source>
        <extracomment>A refusal that is not JSON (a proxy&apos;s page), by its status.</extracomment>
        <translation>Stamps tidak bisa menerima permintaan ini ({code}). Kalau terjadi lagi, hubungi dukungan.</translation>
    </message>
    <message>
        <source>Stamps does not allow this counter to do this ({code}). Ask the store manager to check the counter&apos;s permissions.</source>
        <translation>Stamps tidak mengizinkan kasir ini melakukan ini ({code}). Minta manajer toko memeriksa izin kasir ini.</translation>
    </message>
    <message>
        <source>Stamps does not know this request ({code}): the app&apos;s settings may be out of date. Call support.</source>
        <translation>Stamps tidak mengenal permintaan ini ({code}): pengaturan aplikasi mungkin sudah usang. Hubungi dukungan.</translation>
    </message>
    <message>
        <source>Stamps does not take this request this way ({code}). Call support.</source>
        <translation>Stamps tidak menerima permintaan dengan cara ini ({code}). Hubungi dukungan.</translation>
    </message>
    <message>
        <source>What was typed is too long for Stamps ({code}). Shorten the longest text.</source>
        <translation>Yang diketik terlalu panjang untuk Stamps ({code}). Persingkat teks yang paling panjang.</translation>
    </message>
    <message>
        <source>Stamps is busy right now ({code}). Wait a moment, then try again.</source>
        <translation>Stamps sedang sibuk ({code}). Tunggu sebentar, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Stamps does not allow this counter to do this. Ask the store manager to check the counter&apos;s permissions.</source>
        <translation>Stamps tidak mengizinkan kasir ini melakukan ini. Minta manajer toko memeriksa izin kasir ini.</translation>
    </message>
    <message>
        <source>This is too long for Stamps. Shorten it.</source>
        <translation>Ini terlalu panjang untuk Stamps. Persingkat.</translation>
    </message>
    <message>
        <source>Enter a real date.</source>
        <translation>Masukkan tanggal yang benar.</translation>
    </message>
    <message>
        <source>Stamps does not know this value. Check it.</source>
        <translation>Stamps tidak mengenal nilai ini. Periksa lagi.</translation>
    </message>
    <message>
        <source>Stamps did not accept this. Check it.</source>
        <translation>Stamps tidak menerima ini. Periksa lagi.</translation>
    </message>
    <message>
        <source>No member has this referral code. Check it with the customer.</source>
        <translation>Tidak ada anggota dengan kode referal ini. Periksa bersama pelanggan.</translation>
    </message>
    <message>
        <source>This is already used by another member.</source>
        <translation>Ini sudah dipakai anggota lain.</translation>
    </message>
    <message>
        <source>Stamps is not answering (the network is fine). Registrations are saved on this counter and sent when Stamps answers again; the app retries by itself and keeps what you typed.</source>
        <translation>Stamps tidak menjawab (jaringan baik-baik saja). Pendaftaran disimpan di kasir ini dan dikirim saat Stamps menjawab lagi; aplikasi mencoba lagi sendiri dan menyimpan yang sudah diketik.</translation>
    </message>
    <message>
        <source>Stamps&apos; certificate looks out of date: the date or time of this computer is probably wrong. Set the clock right or call IT; registrations are saved on this counter meanwhile.</source>
        <translation>Sertifikat Stamps tampak kedaluwarsa: tanggal atau jam komputer ini mungkin salah. Betulkan jamnya atau hubungi IT; sementara itu pendaftaran disimpan di kasir ini.</translation>
    </message>
    <message>
        <source>Stamps&apos; certificate could not be checked: something on this network (a proxy or filter) is in the way. Call IT; registrations are saved on this counter meanwhile.</source>
        <translation>Sertifikat Stamps tidak bisa diperiksa: ada yang menghalangi di jaringan ini (server perantara atau penyaring). Hubungi IT; sementara itu pendaftaran disimpan di kasir ini.</translation>
    </message>
    <message>
        <source>Cannot reach Stamps: no network. Check the network cable or Wi-Fi; the app retries by itself and keeps what you typed.</source>
        <translation>Stamps tidak bisa dihubungi: tidak ada jaringan. Periksa kabel jaringan atau Wi-Fi; aplikasi mencoba lagi sendiri dan menyimpan yang sudah diketik.</translation>
    </message>
    <message>
        <source>Training: switch Stamps slow, down or the network off</source>
        <translation>Latihan: buat Stamps lambat, mati, atau jaringan putus</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Training: Stamps&apos; faults now: {fault}</source>
        <translation>Latihan: gangguan Stamps sekarang: {fault}</translation>
    </message>
    <message>
        <source>Stamps slow (answers take about 5 s)</source>
        <translation>Stamps lambat (jawaban sekitar 5 dtk)</translation>
    </message>
    <message>
        <source>Stamps down (every answer is a server error)</source>
        <translation>Stamps mati (setiap jawaban berupa kesalahan server)</translation>
    </message>
    <message>
        <source>Network off (no connection)</source>
        <translation>Jaringan putus (tidak ada koneksi)</translation>
    </message>
    <message>
        <source>Back to normal</source>
        <translation>Kembali seperti biasa</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Latihan</translation>
    </message>
    <message>
        <source>● Offline – no network</source>
        <translation>● Terputus – tidak ada jaringan</translation>
    </message>
    <message>
        <source>● Online – Stamps is slow</source>
        <extracomment>Online, but Stamps takes seconds to answer: why searches and saves wait.</extracomment>
        <translation>● Terhubung – Stamps lambat</translation>
    </message>
    <message>
        <source>● Stamps not answering</source>
        <extracomment>Offline for another reason than the network: (status bar, banner).</extracomment>
        <translation>● Stamps tidak menjawab</translation>
    </message>
    <message>
        <source>● Check this PC&apos;s clock</source>
        <translation>● Periksa jam komputer ini</translation>
    </message>
    <message>
        <source>● Certificate problem</source>
        <translation>● Masalah sertifikat</translation>
    </message>
    <message>
        <source>Search for “{query}” could not run: Stamps is not answering. It runs again by itself when Stamps answers.</source>
        <translation>Pencarian “{query}” tidak bisa dijalankan: Stamps tidak menjawab. Pencarian berjalan lagi sendiri saat Stamps menjawab.</translation>
    </message>
    <message>
        <source>Already registered at Stamps by an earlier attempt from this counter: found, and not sent twice.</source>
        <translation>Sudah terdaftar di Stamps lewat percobaan sebelumnya dari kasir ini: ditemukan, dan tidak dikirim dua kali.</translation>
    </message>
    <message>
        <source>Erase all</source>
        <translation>Hapus semua</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Skip: I am {age} or older</source>
        <translation>Lewati: usia saya {age}+</translation>
    </message>
    <message>
        <source>This is everything we will send. Tap a line to change it.</source>
        <translation>Hanya data ini yang akan kami kirim. Ketuk satu baris untuk mengubahnya.</translation>
    </message>
    <message>
        <source>{caption}: {value} — tap to change</source>
        <extracomment>Steps a customer may leave empty: their button says Skip until something is given. The room kept under a field for its error, in lines at least (more when one of the step&apos;s own errors needs it; one on a short screen, where the keyboard needs the height); an answer from Stamps longer than that is cut with &quot;…&quot;, read out whole. The most lines the summary&apos;s error takes (the rows give way to it). Lower than this (Qt pixels: 1024x768 at 125 % is 614), the kiosk draws its titles and keys a little smaller so a question, its field and the whole keyboard fit one screen.</extracomment>
        <translation>{caption}: {value} — ketuk untuk mengubah</translation>
    </message>
    <message>
        <source>Registering… please wait — it will be saved on this counter if Stamps does not answer.</source>
        <extracomment>Said when the cashier tries to leave while a registration runs: once Register is pressed the request may already have reached Stamps, so the window stays until the outcome shows.</extracomment>
        <translation>Sedang mendaftarkan… mohon tunggu — jika Stamps tidak menjawab, pendaftaran disimpan di kasir ini.</translation>
    </message>
    <message>
        <source>Next customer? The registration that was started and not sent will be cleared.</source>
        <translation>Pelanggan berikut? Pendaftaran yang sudah dimulai dan belum dikirim akan dihapus.</translation>
    </message>
    <message>
        <source>Clear it</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Cannot reach Stamps right now.</source>
        <extracomment>Codes the outbox itself puts on a field (reconciliation), in words. Why the outbox holds an item, as a fact only: the outbox&apos;s promise (sent by itself, nothing more to do) follows it, so no &quot;try again&quot; that would contradict it.</extracomment>
        <translation>Stamps tidak dapat dihubungi saat ini.</translation>
    </message>
    <message>
        <source>Stamps is not answering right now.</source>
        <translation>Stamps sedang tidak menjawab.</translation>
    </message>
    <message>
        <source>Stamps has a problem right now.</source>
        <translation>Stamps sedang bermasalah.</translation>
    </message>
    <message>
        <source>Stamps sent an answer this app cannot read.</source>
        <translation>Stamps mengirim jawaban yang tidak bisa dibaca aplikasi ini.</translation>
    </message>
    <message>
        <source>Something went wrong while sending.</source>
        <translation>Ada yang salah saat mengirim.</translation>
    </message>
    <message>
        <source>{name} (member {card})</source>
        <translation>{name} (anggota {card})</translation>
    </message>
    <message>
        <source>Already a member</source>
        <extracomment>The state of an item found at Stamps already (the customer was a member): not &quot;Sent&quot;.</extracomment>
        <translation>Sudah menjadi anggota</translation>
    </message>
</context>
</TS>
