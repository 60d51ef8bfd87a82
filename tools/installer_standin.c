/* Stand-ins for tools/installer_test.py, built with mingw-w64 and run under Wine.
 *
 * pos-member.exe (default build): records each call (argv and POS_MEMBER_IMPORT_TOKEN, hex so
 *   the token is never in clear on disk) to C:\standin\calls.txt, and does what the real app's
 *   --import-token --machine does: DPAPI in machine scope into
 *   C:\ProgramData\pos-member\api-token.dpapi (same flags and entropy as pos_member/machine_token.py).
 *   --show-machine-token prints the decrypted token in hex; POS_MEMBER_STANDIN_EXIT=<n> makes
 *   --import-token fail with n.
 *   --stay runs like the app: it holds its own exe open without write sharing (as Windows holds
 *   a running image) and watches the installer's close event (Global\pos-member-close, as
 *   pos_member/upgrade.py does): when set, it records "closed-for-upgrade", starts
 *   STANDIN_RELAUNCH (a command line, if given: the app's relauncher) and exits. One started
 *   while the event is set exits at once. STANDIN_IGNORE_CLOSE=1: it never closes (a hung app).
 * runner.exe (-DRUNNER): RUNNER_CMDLINE=<exact Windows command line> runs it and returns its
 *   exit code (no quoting by Wine in between; RUNNER_EXITFILE=<file> gets it in full, as Wine
 *   passes only 8 bits of it to Linux); RUNNER_LOCK=<file> opens the file without
 *   sharing, creates RUNNER_READY and holds it until RUNNER_STOP exists.
 */
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#ifndef STANDIN_VERSION
#define STANDIN_VERSION "0"
#endif

static const char ENTROPY[] = "pos-member api token";

static void hex(FILE *out, const unsigned char *data, size_t size) {
    for (size_t i = 0; i < size; i++) fprintf(out, "%02x", data[i]);
}

#ifdef RUNNER
int wmain(void) {
    wchar_t cmd[32768], path[MAX_PATH], ready[MAX_PATH], stop[MAX_PATH];
    if (GetEnvironmentVariableW(L"RUNNER_LOCK", path, MAX_PATH)) {
        GetEnvironmentVariableW(L"RUNNER_READY", ready, MAX_PATH);
        GetEnvironmentVariableW(L"RUNNER_STOP", stop, MAX_PATH);
        HANDLE lock = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (lock == INVALID_HANDLE_VALUE) return 3;
        CloseHandle(CreateFileW(ready, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
        for (int i = 0; i < 1200 && GetFileAttributesW(stop) == INVALID_FILE_ATTRIBUTES; i++) Sleep(100);
        CloseHandle(lock);
        return 0;
    }
    if (!GetEnvironmentVariableW(L"RUNNER_CMDLINE", cmd, 32768)) return 3;
    STARTUPINFOW si = {sizeof si};
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) return 4;
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 255;
    GetExitCodeProcess(pi.hProcess, &code);
    if (GetEnvironmentVariableW(L"RUNNER_EXITFILE", path, MAX_PATH)) {
        FILE *out = _wfopen(path, L"w");
        if (out) { fprintf(out, "%lu\n", code); fclose(out); }
    }
    return (int)code;
}
#else
static void token_path(wchar_t *path) {
    wchar_t base[MAX_PATH];
    if (!GetEnvironmentVariableW(L"ProgramData", base, MAX_PATH)) wcscpy(base, L"C:\\ProgramData");
    swprintf(path, MAX_PATH, L"%ls\\pos-member", base);
    CreateDirectoryW(path, NULL);
    wcscat(path, L"\\api-token.dpapi");
}

static int import_token(int argc, wchar_t **argv) {
    unsigned char token[4096];
    DWORD size = 0;
    int machine = 0;
    const wchar_t *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--machine")) machine = 1;
        if (!wcscmp(argv[i], L"--token-file") && i + 1 < argc) file = argv[i + 1];
    }
    if (file) {
        HANDLE h = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) return 2;
        ReadFile(h, token, sizeof token, &size, NULL);
        CloseHandle(h);
        while (size && strchr("\r\n ", token[size - 1])) size--;
    } else {
        size = GetEnvironmentVariableA("POS_MEMBER_IMPORT_TOKEN", (char *)token, sizeof token);
    }
    if (!size || !machine) return 2;
    DATA_BLOB in = {size, token}, entropy = {sizeof ENTROPY - 1, (BYTE *)ENTROPY}, out;
    if (!CryptProtectData(&in, L"pos-member", &entropy, NULL, NULL,
                          CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN, &out)) return 5;
    wchar_t path[MAX_PATH];
    token_path(path);
    HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;
    if (h == INVALID_HANDLE_VALUE || !WriteFile(h, out.pbData, out.cbData, &written, NULL)) return 5;
    CloseHandle(h);
    LocalFree(out.pbData);
    return 0;
}

static int show_machine_token(void) {
    wchar_t path[MAX_PATH];
    unsigned char blob[8192];
    DWORD size = 0;
    token_path(path);
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return 2;
    ReadFile(h, blob, sizeof blob, &size, NULL);
    CloseHandle(h);
    DATA_BLOB in = {size, blob}, entropy = {sizeof ENTROPY - 1, (BYTE *)ENTROPY}, out;
    if (!CryptUnprotectData(&in, NULL, &entropy, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out)) return 5;
    hex(stdout, out.pbData, out.cbData);
    printf("\n");
    return 0;
}

static void record(int argc, wchar_t **argv) {
    CreateDirectoryW(L"C:\\standin", NULL);
    FILE *log = _wfopen(L"C:\\standin\\calls.txt", L"ab");
    if (log) {
        fprintf(log, "version=%s args=", STANDIN_VERSION);
        for (int i = 1; i < argc; i++) {
            if (i > 1) fputc(',', log);
            hex(log, (const unsigned char *)argv[i], wcslen(argv[i]) * sizeof(wchar_t));
        }
        char token[4096];
        DWORD size = GetEnvironmentVariableA("POS_MEMBER_IMPORT_TOKEN", token, sizeof token);
        fprintf(log, " token=");
        if (size) hex(log, (const unsigned char *)token, size); else fputc('-', log);
        fprintf(log, "\n");
        fclose(log);
    }
}

static int close_requested(void) {
    HANDLE event = OpenEventW(SYNCHRONIZE, FALSE, L"Global\\pos-member-close");
    if (!event) return 0;
    int set = WaitForSingleObject(event, 0) == WAIT_OBJECT_0;
    CloseHandle(event);
    return set;
}

static int stay(void) {
    wchar_t self[MAX_PATH], relaunch[4096], ignore[8];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    HANDLE image = CreateFileW(self, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    int hung = GetEnvironmentVariableW(L"STANDIN_IGNORE_CLOSE", ignore, 8) > 0;
    for (int i = 0; i < 6000; i++) {
        if (!hung && close_requested()) {
            wchar_t *args[] = {L"", L"closed-for-upgrade"};
            record(2, args);
            if (GetEnvironmentVariableW(L"STANDIN_RELAUNCH", relaunch, 4096)) {
                STARTUPINFOW si = {sizeof si};
                PROCESS_INFORMATION pi;
                if (CreateProcessW(NULL, relaunch, NULL, NULL, FALSE, CREATE_NO_WINDOW, NULL, L"C:\\windows", &si,
                                   &pi)) {
                    CloseHandle(pi.hThread);
                    CloseHandle(pi.hProcess);
                }
            }
            break;
        }
        Sleep(100);
    }
    if (image != INVALID_HANDLE_VALUE) CloseHandle(image);
    return 0;
}

int wmain(int argc, wchar_t **argv) {
    record(argc, argv);
    for (int i = 1; i < argc; i++) {
        if (!wcscmp(argv[i], L"--import-token")) {
            char code[16];
            if (GetEnvironmentVariableA("POS_MEMBER_STANDIN_EXIT", code, sizeof code)) return atoi(code);
            return import_token(argc, argv);
        }
        if (!wcscmp(argv[i], L"--show-machine-token")) return show_machine_token();
        if (!wcscmp(argv[i], L"--stay")) return stay();
    }
    return 0;
}
#endif
