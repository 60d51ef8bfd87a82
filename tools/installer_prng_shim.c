/* bcryptprimitives.dll for the update task's Windows Python under Wine 8 (tools/installer_test.py).
 *
 * Rust's standard library (in the win_amd64 wheels of cryptography and pydantic-core) takes its
 * random bytes from bcryptprimitives.dll's ProcessPrng, which Windows 10 and later have and Wine 8
 * does not (Wine 9 added it). This one answers from BCryptGenRandom (the system's RNG, which Wine
 * has); it is put beside python.exe in the Wine prefix only, never shipped.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
