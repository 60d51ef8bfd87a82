; Stamps Members (pos-member) app installer: compiled ONCE per version (the slow, compressed part)
; and run by each store's installer (pos-member-store.nsi), which carries it with the store's
; profile and passes /STORE=<store.ini> plus its own options. Built by tools/build.py:
;   makensis -DVERSION=.. -DVIVERSION=a.b.c.d -DSOURCE=.. -DFILES_NSH=.. -DOUTFILE=.. [-DFAST]
;            [-DSIGN=<command with %1>]
; FILES_NSH (generated from the bundle) lists every program file: the installer writes exactly
; those, checks them, and the uninstaller removes exactly those (install-files.txt).
; store.ini ([store] name, merchant, store_id, profile_hash, kiosk = 0|1) sits beside store.toml.
;
; Silent install:   pos-member-<store>-<version>.exe /S [/TOKENFILE=<file>] [/FORCE] [/LOG=<file>]
;                   [/CLOSEWAIT=<seconds>] [/D=C:\path]
;                   (/TOKEN=<api token> also works but puts the token on the command line)
; Silent uninstall: "C:\Program Files\pos-member\uninstall.exe" /S [/PURGE] _?=C:\Program Files\pos-member
; Exit codes (README, "For store IT"): 0 done, 1 cancelled, 3 folder not ours, 5 program files not
; written or not verified (rolled back), 6 bad token option, 7 token not stored, 8 token file not
; deleted, 9 the data folder belongs to a non-administrator, 10 no store profile (/STORE=),
; 740 not administrator, 1618 the app is in use or another setup runs (nothing changed: retry
; later).
;
; An upgrade is staged: the new version is written and checked in "<folder>.new" beside the
; installed one while the app keeps running; then the app is asked to close (the named event
; Global\pos-member-close: it keeps a registration being typed as a draft, sends its outbox and
; exits; /FORCE kills it instead) and the folders are swapped by rename (<folder> -> <folder>.old,
; <folder>.new -> <folder>). Any failure before the swap removes the staging folder; a failed
; second rename puts the old folder back. The registry is written only after the swap, so a
; failed upgrade leaves the old version installed, runnable and registered.

Unicode true
; Functions shared by the installer and the uninstaller: each uses only some of them.
!pragma warning disable 6010
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!define APP_EXE "pos-member.exe"
!define FILE_LIST "install-files.txt"
!define REG_KEY "Software\pos-member"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\pos-member"
!define KIOSK_LINK "Stamps Members Kiosk.lnk"
!define TOKEN_ENV "POS_MEMBER_IMPORT_TOKEN"
; One setup at a time (installer or uninstaller); the app also looks for it (an upgrade runs).
!define SETUP_MUTEX "Global\pos-member-setup"
; Set by the installer when the app must close for an upgrade (pos_member/upgrade.py).
!define CLOSE_EVENT "Global\pos-member-close"
; Present in the data folder while an upgrade swaps the program folder (the app's relauncher waits).
!define UPGRADE_MARKER "upgrading"
; Kernel objects the app's users may wait on (SYNCHRONIZE), SYSTEM and Administrators own.
!define OBJECT_SDDL "D:(A;;0x100000;;;WD)(A;;GA;;;SY)(A;;GA;;;BA)"
; C:\ProgramData\pos-member: owned by Administrators, not inherited; SYSTEM and Administrators full
; control, Users read. Its "outbox" folder adds Users modify (a machine-wide outbox).
!define DATA_SDDL "O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)"
!define OUTBOX_SDDL "D:AI(A;OICI;0x1301bf;;;BU)"
!define SETUP_WAIT_MS 300000
!define CLOSE_WAIT_S 60

!define ERR_NOT_OURS 3
!define ERR_FILES 5
!define ERR_TOKEN_OPTION 6
!define ERR_TOKEN_IMPORT 7
!define ERR_TOKEN_FILE 8
!define ERR_DATA_OWNER 9
!define ERR_NO_STORE 10
!define ERR_NOT_ADMIN 740
!define ERR_IN_USE 1618

!ifdef SIGN ; Authenticode: the uninstaller as makensis writes it, and this installer
  !uninstfinalize '${SIGN}'
  !finalize '${SIGN}'
!endif

Var StoreName   ; from store.ini (/STORE=)
Var Merchant
Var StoreId
Var ProfileHash
Var Kiosk
Var StoreIni

Name "Stamps Members ($StoreName)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\pos-member"
RequestExecutionLevel admin
ShowInstDetails nevershow
VIProductVersion "${VIVERSION}"
VIAddVersionKey "ProductName" "Stamps Members"
VIAddVersionKey "FileDescription" "Stamps Members app installer"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "pos-member"

Page directory "" "" DirectoryLeave
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Var Params      ; the command line after the program name (NSIS has removed /D= already)
Var OptName     ; FindOption: in
Var OptFound    ; FindOption: out, 1 or empty
Var OptValue    ; FindOption: out
Var Token
Var TokenFile
Var Problem     ; why a check failed, for the message
Var DataDir     ; C:\ProgramData\pos-member
Var LogPath
Var LogHandle
Var Force       ; /FORCE: kill the app instead of asking it to close
Var Purge       ; uninstall /PURGE: remove the data folder too
Var CloseWait   ; seconds the app gets to close
Var Live        ; the program folder ($INSTDIR while files go to the staging folder)
Var Staging     ; <folder>.new while it exists, else empty
Var Marker      ; 1 while the upgrade marker is ours to remove
Var Mutex

!include "${FILES_NSH}"

; Used by VerifyFiles (generated): push the path under $INSTDIR, push its size, call.
; $Problem = the first file that is missing or has another size.
Function VerifyFile
  Exch $1 ; size
  Exch
  Exch $0 ; path
  Push $2
  Push $3
  ${If} $Problem == ""
    ClearErrors
    FileOpen $2 "$INSTDIR\$0" r
    ${If} ${Errors}
      StrCpy $Problem "$INSTDIR\$0"
    ${Else}
      FileSeek $2 0 END $3
      FileClose $2
      ${IfThen} $3 != $1 ${|} StrCpy $Problem "$INSTDIR\$0" ${|}
    ${EndIf}
  ${EndIf}
  Pop $3
  Pop $2
  Pop $0
  Pop $1
FunctionEnd


!macro LogLine text
  Push `${text}`
  !ifdef __UNINSTALL__
    Call un.Log
  !else
    Call Log
  !endif
!macroend

; Stop with an exit code: a message box when interactive, a log line in any case; the cleanup
; (staging folder, upgrade marker, token file) is in Failed.
!macro Fail code message
  Push `${message}`
  Push ${code}
  !ifdef __UNINSTALL__
    Call un.Failed
  !else
    Call Failed
  !endif
!macroend

!macro DefineCommonFunctions un
; Push a line, call: to the log file (when open) with the time, and to the details.
Function ${un}Log
  Exch $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  Push $7
  DetailPrint $0
  ${If} $LogHandle != ""
    ${GetTime} "" "L" $1 $2 $3 $4 $5 $6 $7
    FileWriteUTF16LE $LogHandle "$3-$2-$1 $5:$6:$7 [${VERSION} $StoreName] $0$\r$\n"
  ${EndIf}
  Pop $7
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; Append to $LogPath (UTF-16, a BOM when new). Failing to open it is not fatal.
Function ${un}OpenLog
  ${If} $LogHandle == ""
  ${AndIf} $LogPath != ""
    ClearErrors
    ${IfNot} ${FileExists} $LogPath
      FileOpen $LogHandle $LogPath w
      ${IfNot} ${Errors}
        FileWriteByte $LogHandle 255
        FileWriteByte $LogHandle 254
      ${EndIf}
    ${Else}
      FileOpen $LogHandle $LogPath a
    ${EndIf}
    ${If} ${Errors}
      StrCpy $LogHandle ""
    ${Else}
      FileSeek $LogHandle 0 END
    ${EndIf}
  ${EndIf}
FunctionEnd

; Push message, push code, call: log it, undo what this run started, and quit with the code.
Function ${un}Failed
  Pop $R1 ; code
  Pop $R2 ; message
  Call ${un}OpenLog
  !insertmacro LogLine "failed, exit code $R1: $R2"
  !ifndef __UNINSTALL__
    ${If} $Staging != ""
      RMDir /r $Staging
      !insertmacro LogLine "staging folder $Staging removed; the installed version is unchanged"
    ${EndIf}
    ; The token file is deleted whatever happened, except when a retry needs it (1618, 5: nothing
    ; was changed, Intune runs the same command again).
    ${If} $TokenFile != ""
    ${AndIf} $R1 != ${ERR_IN_USE}
    ${AndIf} $R1 != ${ERR_FILES}
      Delete $TokenFile
    ${EndIf}
  !endif
  ${If} $Marker == 1
    Delete "$DataDir\${UPGRADE_MARKER}"
  ${EndIf}
  ${If} $LogHandle != ""
    FileClose $LogHandle
  ${EndIf}
  IfSilent +2
  MessageBox MB_OK|MB_ICONSTOP $R2
  SetErrorLevel $R1
  Quit
FunctionEnd

; Administrators only: the program folder, the machine-wide settings and HKLM.
Function ${un}RequireAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    !insertmacro Fail ${ERR_NOT_ADMIN} "Run this as an administrator."
  ${EndIf}
FunctionEnd

; One setup at a time: wait for another installer or uninstaller of pos-member, then 1618.
Function ${un}TakeSetupMutex
  System::Call 'advapi32::ConvertStringSecurityDescriptorToSecurityDescriptorW(w "${OBJECT_SDDL}", i 1, *p .r1, p 0) i .r0'
  System::Call '*(i 12, p r1, i 0) p .r2'
  System::Call 'kernel32::CreateMutexW(p r2, i 0, w "${SETUP_MUTEX}") p .r3'
  System::Free $2
  System::Call 'kernel32::LocalFree(p r1)'
  ${If} $3 P= 0
    !insertmacro Fail ${ERR_IN_USE} "Cannot tell whether another Stamps Members setup runs. Try again later."
  ${EndIf}
  StrCpy $Mutex $3
  System::Call 'kernel32::WaitForSingleObject(p r3, i ${SETUP_WAIT_MS}) i .r0'
  ${If} $0 != 0
  ${AndIf} $0 != 0x80 ; abandoned: the other setup ended without releasing it
  ${AndIf} $0 != 128
    !insertmacro Fail ${ERR_IN_USE} "Another Stamps Members setup is still running. Try again later."
  ${EndIf}
FunctionEnd

; C:\ProgramData\pos-member: refused when someone other than SYSTEM, Administrators,
; TrustedInstaller or this setup's own user owns it (a standard user who made it first would own
; store.toml and the token); then an explicit, non-inherited ACL.
Function ${un}SecureDataDir
  StrCpy $Problem ""
  !ifdef __UNINSTALL__
    ${IfNot} ${FileExists} "$DataDir\*.*"
      Return ; nothing to secure, and no reason to make it
    ${EndIf}
  !endif
  ${If} ${FileExists} "$DataDir\*.*"
    System::Call 'advapi32::GetNamedSecurityInfoW(w "$DataDir", i 1, i 1, *p .r1, p 0, p 0, p 0, *p .r2) i .r0'
    ${If} $0 != 0
      StrCpy $Problem "$DataDir: its owner cannot be read (error $0)"
    ${Else}
      System::Call 'advapi32::ConvertSidToStringSidW(p r1, *p .r3) i .r0'
      System::Call '*$3(&w256 .r4)'
      System::Call 'kernel32::LocalFree(p r3)'
      System::Call 'kernel32::LocalFree(p r2)'
      ; this process's user (an administrator running the installer by hand)
      System::Call 'kernel32::GetCurrentProcess() p .r5'
      System::Call 'advapi32::OpenProcessToken(p r5, i 8, *p .r6) i .r0'
      System::Alloc 256
      Pop $7
      System::Call 'advapi32::GetTokenInformation(p r6, i 1, p r7, i 256, *i .r8) i .r0'
      System::Call '*$7(p .r8)'
      System::Call 'advapi32::ConvertSidToStringSidW(p r8, *p .r3) i .r0'
      System::Call '*$3(&w256 .r5)'
      System::Call 'kernel32::LocalFree(p r3)'
      System::Free $7
      System::Call 'kernel32::CloseHandle(p r6)'
      ${If} $4 != "S-1-5-18"
      ${AndIf} $4 != "S-1-5-32-544"
      ${AndIf} $4 != "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"
      ${AndIf} $4 != $5
        StrCpy $Problem "$DataDir belongs to $4, not to an administrator: someone may have made it to read or replace the store's settings and token. Check it, delete it, and run the installer again."
      ${EndIf}
    ${EndIf}
  ${EndIf}
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_DATA_OWNER} $Problem
  ${EndIf}
  CreateDirectory $DataDir
FunctionEnd

; Push path, push SDDL, call: owner and DACL from the SDDL (protected when it says P). Logged.
Function ${un}SetSecurity
  Exch $1 ; sddl
  Exch
  Exch $0 ; path
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  Push $7
  System::Call 'advapi32::ConvertStringSecurityDescriptorToSecurityDescriptorW(w r1, i 1, *p .r2, p 0) i .r3'
  ${If} $3 = 0
    !insertmacro LogLine "security of $0 not set: bad descriptor"
  ${Else}
    System::Call 'advapi32::GetSecurityDescriptorDacl(p r2, *i .r4, *p .r5, *i .r6) i'
    System::Call 'advapi32::GetSecurityDescriptorOwner(p r2, *p .r6, *i .r7) i'
    ; DACL_SECURITY_INFORMATION 4, OWNER 1, PROTECTED_DACL 0x80000000, UNPROTECTED 0x20000000
    StrCpy $7 4
    ${If} $6 P<> 0
      IntOp $7 $7 | 1
    ${EndIf}
    StrCpy $4 $1 3
    ${If} $4 == "O:B" ; ours is "O:BAD:PAI(...": protected
      IntOp $7 $7 | 0x80000000
    ${EndIf}
    System::Call 'advapi32::SetNamedSecurityInfoW(w r0, i 1, i r7, p r6, p 0, p r5, p 0) i .r3'
    System::Call 'kernel32::LocalFree(p r2)'
    ${If} $3 != 0
      !insertmacro LogLine "security of $0 not set (error $3)"
    ${Else}
      !insertmacro LogLine "security of $0 set: $1"
    ${EndIf}
  ${EndIf}
  Pop $7
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; $Problem = "" when no pos-member.exe runs, else its text. Toolhelp32: every session.
Function ${un}AppRunning
  Push $1
  Push $2
  Push $3
  Push $5
  StrCpy $Problem ""
  System::Call 'kernel32::CreateToolhelp32Snapshot(i 2, i 0) p .r1'
  ${If} $1 = -1
    StrCpy $Problem "cannot list processes"
  ${Else}
    ; PROCESSENTRY32W (32-bit layout, 556 bytes): dwSize .. th32ProcessID .. szExeFile[260]
    System::Call '*(i 556, i, i, p, i, i, i, i, i, &w260) p .r2'
    System::Call 'kernel32::Process32FirstW(p r1, p r2) i .r3'
    ${DoWhile} $3 <> 0
      System::Call '*$2(i, i, i, p, i, i, i, i, i, &w260 .r5)'
      ${If} $5 == "${APP_EXE}"
        StrCpy $Problem "${APP_EXE} is still running"
      ${EndIf}
      System::Call 'kernel32::Process32NextW(p r1, p r2) i .r3'
    ${Loop}
    System::Free $2
    System::Call 'kernel32::CloseHandle(p r1)'
  ${EndIf}
  Pop $5
  Pop $3
  Pop $2
  Pop $1
FunctionEnd

; Stop every pos-member.exe at once and wait until each has exited (taskkill for other users'
; sessions, then TerminateProcess and a wait). $Problem = "" when none is left.
Function ${un}KillApp
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $5
  Push $6
  nsExec::Exec 'taskkill /F /IM ${APP_EXE}'
  Pop $0
  StrCpy $6 0
  ${Do}
    StrCpy $Problem ""
    System::Call 'kernel32::CreateToolhelp32Snapshot(i 2, i 0) p .r1'
    ${If} $1 = -1
      StrCpy $Problem "cannot list processes"
      ${Break}
    ${EndIf}
    System::Call '*(i 556, i, i, p, i, i, i, i, i, &w260) p .r2'
    System::Call 'kernel32::Process32FirstW(p r1, p r2) i .r3'
    ${DoWhile} $3 <> 0
      System::Call '*$2(i, i, i .r4, p, i, i, i, i, i, &w260 .r5)'
      ${If} $5 == "${APP_EXE}"
        StrCpy $Problem "${APP_EXE} is still running"
        ; SYNCHRONIZE | PROCESS_TERMINATE
        System::Call 'kernel32::OpenProcess(i 0x100001, i 0, i r4) p .r0'
        ${If} $0 P<> 0
          System::Call 'kernel32::TerminateProcess(p r0, i 1)'
          System::Call 'kernel32::WaitForSingleObject(p r0, i 15000) i'
          System::Call 'kernel32::CloseHandle(p r0)'
        ${EndIf}
      ${EndIf}
      System::Call 'kernel32::Process32NextW(p r1, p r2) i .r3'
    ${Loop}
    System::Free $2
    System::Call 'kernel32::CloseHandle(p r1)'
    IntOp $6 $6 + 1
    ${IfThen} $Problem == "" ${|} ${Break} ${|}
    ${IfThen} $6 >= 5 ${|} ${Break} ${|}
    Sleep 1000
  ${Loop}
  Pop $6
  Pop $5
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; Every file of an earlier install (its install-files.txt) must be writable before anything is
; touched: a running or locked pos-member.exe fails here, not half way. $Problem names the file.
Function ${un}CheckWritable
  Push $0
  Push $1
  Push $2
  StrCpy $Problem ""
  ClearErrors
  FileOpen $0 "$INSTDIR\${FILE_LIST}" r
  ${IfNot} ${Errors}
    ${Do}
      ClearErrors
      FileReadUTF16LE $0 $1
      ${IfThen} ${Errors} ${|} ${Break} ${|}
      Call ${un}ListedPath
      ${If} $1 != ""
      ${AndIf} $1 != "uninstall.exe" ; running itself when called with _?=
      ${AndIf} ${FileExists} "$INSTDIR\$1"
      ${AndIfNot} ${FileExists} "$INSTDIR\$1\*.*"
        ClearErrors
        FileOpen $2 "$INSTDIR\$1" a
        ${If} ${Errors}
          StrCpy $Problem "$INSTDIR\$1"
          ${Break}
        ${EndIf}
        FileClose $2
      ${EndIf}
    ${Loop}
    FileClose $0
  ${ElseIf} ${FileExists} "$INSTDIR\${APP_EXE}"
    ; an install from before install-files.txt existed
    ClearErrors
    FileOpen $2 "$INSTDIR\${APP_EXE}" a
    ${If} ${Errors}
      StrCpy $Problem "$INSTDIR\${APP_EXE}"
    ${Else}
      FileClose $2
    ${EndIf}
  ${EndIf}
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; $1: a line of install-files.txt -> a relative path, or "" for anything that could leave the
; folder (the list sits in the install folder; never trust it with "..", drives or roots).
Function ${un}ListedPath
  Push $2
  ${Do}
    StrCpy $2 $1 1 -1
    ${If} $2 == "$\r"
    ${OrIf} $2 == "$\n"
      StrCpy $1 $1 -1
    ${Else}
      ${Break}
    ${EndIf}
  ${Loop}
  StrCpy $2 $1 1
  ${If} $2 == "\"
  ${OrIf} $2 == "/"
    StrCpy $1 ""
  ${EndIf}
  Push $1
  Push ".."
  Call ${un}Contains
  Pop $2
  ${IfThen} $2 == 1 ${|} StrCpy $1 "" ${|}
  Push $1
  Push ":"
  Call ${un}Contains
  Pop $2
  ${IfThen} $2 == 1 ${|} StrCpy $1 "" ${|}
  Pop $2
FunctionEnd

; Push haystack, push needle, call, pop 1 or 0.
Function ${un}Contains
  Exch $1 ; needle
  Exch
  Exch $0 ; haystack
  Push $2
  Push $3
  Push $4
  StrLen $2 $1
  StrCpy $3 0
  StrCpy $4 0
  ${Do}
    StrCpy $R9 $0 $2 $3
    ${IfThen} $R9 == "" ${|} ${Break} ${|}
    ${If} $R9 == $1
      StrCpy $4 1
      ${Break}
    ${EndIf}
    IntOp $3 $3 + 1
  ${Loop}
  StrCpy $0 $4
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Exch $0
FunctionEnd

; Delete what an install wrote (its install-files.txt; directories only when empty, so files
; other people put there stay). $Problem = the first file that could not be removed.
Function ${un}RemoveListedFiles
  Push $0
  Push $1
  StrCpy $Problem ""
  ClearErrors
  FileOpen $0 "$INSTDIR\${FILE_LIST}" r
  ${If} ${Errors}
    ; an install from before install-files.txt existed: its layout was fixed
    Delete "$INSTDIR\${APP_EXE}"
    RMDir /r "$INSTDIR\_internal"
    Delete "$INSTDIR\uninstall.exe"
  ${Else}
    ${Do}
      ClearErrors
      FileReadUTF16LE $0 $1
      ${IfThen} ${Errors} ${|} ${Break} ${|}
      Call ${un}ListedPath
      ${If} $1 == ""
        ${Continue}
      ${EndIf}
      StrCpy $R9 $1 1 -1
      ${If} $R9 == "\"
        RMDir "$INSTDIR\$1"
      ${ElseIf} $1 == "uninstall.exe"
        Delete "$INSTDIR\$1" ; in use when run with _?= (in place): stays, as documented
      ${ElseIf} $1 != "${FILE_LIST}"
        ClearErrors
        Delete "$INSTDIR\$1"
        ${If} ${Errors}
        ${AndIf} $Problem == ""
          StrCpy $Problem "$INSTDIR\$1"
        ${EndIf}
      ${EndIf}
    ${Loop}
    FileClose $0
    Delete "$INSTDIR\${FILE_LIST}"
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd

; Is an installer option at position $9 of $Params? $8 = 1 or 0. Used to find where a value
; ends: "/TOKEN=abc/def /S" is abc/def, "/TOKEN=a b" is "a b".
Function ${un}OptionAt
  Push $7
  Push $9
  StrCpy $8 0
  StrCpy $7 $Params 1 $9
  ${IfThen} $7 == '"' ${|} IntOp $9 $9 + 1 ${|}
  StrCpy $7 $Params 11 $9
  ${IfThen} $7 == "/TOKENFILE=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 7 $9
  ${IfThen} $7 == "/TOKEN=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 5 $9
  ${IfThen} $7 == "/NCRC" ${|} StrCpy $8 1 ${|}
  ${IfThen} $7 == "/LOG=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 6 $9
  ${IfThen} $7 == "/FORCE" ${|} StrCpy $8 1 ${|}
  ${IfThen} $7 == "/PURGE" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 11 $9
  ${IfThen} $7 == "/CLOSEWAIT=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 7 $9
  ${IfThen} $7 == "/STORE=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 3 $9
  ${IfThen} $7 == "/D=" ${|} StrCpy $8 1 ${|}
  ${IfThen} $7 == "_?=" ${|} StrCpy $8 1 ${|}
  StrCpy $7 $Params 3 $9
  ${If} $7 == "/S"
  ${OrIf} $7 == "/S "
  ${OrIf} $7 == '/S"'
    StrCpy $8 1
  ${EndIf}
  Pop $9
  Pop $7
FunctionEnd

; $OptName (e.g. "/TOKEN=") in $Params -> $OptFound, $OptValue. The value runs to the next
; installer option or the end of the line, so it may hold / + = " & % and spaces; quotes around
; it ("/TOKEN=a b" or /TOKEN="a b") are removed. (GetOptions ends a value at any "/".)
Function ${un}FindOption
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  Push $8
  Push $9
  StrCpy $OptFound ""
  StrCpy $OptValue ""
  StrLen $1 $Params
  StrLen $2 $OptName
  StrCpy $0 0
  ${DoWhile} $0 < $1
    StrCpy $3 $Params $2 $0
    StrCpy $4 ""
    ${If} $0 > 0
      IntOp $4 $0 - 1
      StrCpy $4 $Params 1 $4
    ${EndIf}
    ; an option starts the line, or follows a blank or a quote
    StrCpy $8 0
    ${If} $4 == ""
    ${OrIf} $4 == " "
    ${OrIf} $4 == '"'
      ${IfThen} $3 == $OptName ${|} StrCpy $8 1 ${|}
    ${EndIf}
    ${If} $8 == 1
      StrCpy $OptFound 1
      IntOp $0 $0 + $2 ; the value starts here
      StrCpy $9 $0
      ${DoWhile} $9 < $1
        StrCpy $3 $Params 1 $9
        ${If} $3 == " "
          IntOp $9 $9 + 1
          Call ${un}OptionAt
          IntOp $9 $9 - 1
          ${IfThen} $8 == 1 ${|} ${Break} ${|}
        ${EndIf}
        IntOp $9 $9 + 1
      ${Loop}
      IntOp $3 $9 - $0
      StrCpy $OptValue $Params $3 $0
      ; trailing blanks, then the quotes
      ${Do}
        StrCpy $3 $OptValue 1 -1
        ${IfThen} $3 != " " ${|} ${Break} ${|}
        StrCpy $OptValue $OptValue -1
      ${Loop}
      StrCpy $3 $OptValue 1 -1
      ${If} $4 == '"'
      ${AndIf} $3 == '"'
        StrCpy $OptValue $OptValue -1
      ${Else}
        StrCpy $4 $OptValue 1
        StrLen $8 $OptValue
        ${If} $4 == '"'
        ${AndIf} $3 == '"'
        ${AndIf} $8 >= 2
          StrCpy $OptValue $OptValue -1 1
        ${EndIf}
      ${EndIf}
      ${Break}
    ${EndIf}
    IntOp $0 $0 + 1
  ${Loop}
  Pop $9
  Pop $8
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd


; Options every run knows: /LOG= (else the data folder's setup.log), /PURGE, /FORCE, /CLOSEWAIT=.
Function ${un}CommonOptions
  SetShellVarContext all
  StrCpy $DataDir "$APPDATA\pos-member"
  ${GetParameters} $Params
  StrCpy $OptName "/LOG="
  Call ${un}FindOption
  StrCpy $LogPath $OptValue
  StrCpy $OptName "/FORCE"
  Call ${un}FindOption
  StrCpy $Force $OptFound
  StrCpy $OptName "/PURGE"
  Call ${un}FindOption
  StrCpy $Purge $OptFound
  StrCpy $CloseWait ${CLOSE_WAIT_S}
  StrCpy $OptName "/CLOSEWAIT="
  Call ${un}FindOption
  ${If} $OptFound == 1
    IntOp $CloseWait $OptValue + 0
  ${EndIf}
FunctionEnd

; Admin, the options, one setup at a time, a safe data folder, the log: the start of every run.
Function ${un}Begin
  Call ${un}CommonOptions
  ${If} $LogPath != ""
    Call ${un}OpenLog
  ${EndIf}
  Call ${un}RequireAdmin
  Call ${un}TakeSetupMutex
  Call ${un}SecureDataDir
  ${If} $LogPath == ""
  ${AndIf} ${FileExists} "$DataDir\*.*"
    CreateDirectory "$DataDir\logs"
    StrCpy $LogPath "$DataDir\logs\setup.log"
    Call ${un}OpenLog
  ${EndIf}
  ${If} ${FileExists} "$DataDir\*.*"
    Push $DataDir
    Push "${DATA_SDDL}"
    Call ${un}SetSecurity
  ${EndIf}
FunctionEnd
!macroend
!insertmacro DefineCommonFunctions ""
!insertmacro DefineCommonFunctions "un."

; Refuse a folder that holds other things (the uninstaller removes only its own files, but
; installing into C:\Tools would still mix them). An earlier pos-member install is fine.
Function CheckInstallDir
  Push $0
  Push $1
  StrCpy $Problem ""
  ${If} ${FileExists} "$INSTDIR\*.*"
  ${AndIfNot} ${FileExists} "$INSTDIR\${FILE_LIST}"
  ${AndIfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
    FindFirst $0 $1 "$INSTDIR\*.*"
    ${DoWhile} $1 != ""
      ${If} $1 != "."
      ${AndIf} $1 != ".."
      ${AndIf} $1 != "uninstall.exe" ; all that "uninstall.exe /S _?=" leaves
        StrCpy $Problem "$INSTDIR is not empty and is not a Stamps Members folder: choose an empty or new folder."
        ${Break}
      ${EndIf}
      FindNext $0 $1
    ${Loop}
    FindClose $0
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd

Function DirectoryLeave
  Call CheckInstallDir
  ${If} $Problem != ""
    MessageBox MB_OK|MB_ICONEXCLAMATION $Problem
    Abort
  ${EndIf}
FunctionEnd


; $0: a folder beside the program folder (<folder>.new, <folder>.old) left by an interrupted run.
; Ours (it holds a program file list or pos-member.exe): removed. Anything else: refused.
Function ClearLeftover
  ${If} ${FileExists} "$0\*.*"
    ${If} ${FileExists} "$0\${FILE_LIST}"
    ${OrIf} ${FileExists} "$0\${APP_EXE}"
      RMDir /r $0
      !insertmacro LogLine "removed $0, left by an interrupted run"
    ${Else}
      !insertmacro Fail ${ERR_NOT_OURS} "$0 exists and is not a Stamps Members folder: move it away and run the installer again."
    ${EndIf}
  ${EndIf}
FunctionEnd

; After the swap: what is left in <folder>.old once its program files are removed is someone
; else's (IT's notes): moved into the new folder unless a file of that name is there. $R0: the
; relative folder ("" or "sub\").
Function MoveForeign
  Push $0
  Push $1
  FindFirst $0 $1 "$Live.old\$R0*.*"
  ${DoWhile} $1 != ""
    ${If} $1 != "."
    ${AndIf} $1 != ".."
      ${If} ${FileExists} "$Live.old\$R0$1\*.*"
        CreateDirectory "$Live\$R0$1"
        Push $R0
        StrCpy $R0 "$R0$1\"
        Call MoveForeign
        Pop $R0
      ${ElseIfNot} ${FileExists} "$Live\$R0$1"
        Rename "$Live.old\$R0$1" "$Live\$R0$1"
        !insertmacro LogLine "kept $R0$1 (not a program file)"
      ${EndIf}
    ${EndIf}
    FindNext $0 $1
  ${Loop}
  FindClose $0
  Pop $1
  Pop $0
FunctionEnd

; Ask every running copy to close (the named event), wait up to /CLOSEWAIT= seconds. /FORCE:
; kill instead. $Problem = "" when none runs.
Function CloseApp
  Call AppRunning
  ${If} $Problem == ""
    Return
  ${EndIf}
  ${If} $Force == 1
    !insertmacro LogLine "/FORCE: stopping Stamps Members"
    Call KillApp
    StrCpy $Problem "" ; one a watchdog started again meanwhile is the swap's to stop
    Return
  ${EndIf}
  !insertmacro LogLine "asking Stamps Members to close for the upgrade (up to $CloseWait s)"
  System::Call 'kernel32::SetEvent(p $R8) i'
  IntOp $1 $CloseWait * 4
  StrCpy $2 0
  ${Do}
    Sleep 250
    Call AppRunning
    ${IfThen} $Problem == "" ${|} ${Break} ${|}
    IntOp $2 $2 + 1
    ${IfThen} $2 >= $1 ${|} ${Break} ${|}
  ${Loop}
FunctionEnd


Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  Call Begin
  ; the folder of the earlier install, unless /D= chose one
  ${If} $INSTDIR == "$PROGRAMFILES64\pos-member"
    ReadRegStr $0 HKLM "${REG_KEY}" "InstallDir"
    ${If} $0 == ""
      SetRegView 32 ; installers before 0.2 wrote the 32-bit view
      ReadRegStr $0 HKLM "${REG_KEY}" "InstallDir"
      ${If} ${RunningX64}
        SetRegView 64
      ${EndIf}
    ${EndIf}
    ${IfThen} $0 != "" ${|} StrCpy $INSTDIR $0 ${|}
  ${EndIf}

  ; the store: its profile and what the registry records (pos-member-store.nsi writes them)
  StrCpy $OptName "/STORE="
  Call FindOption
  StrCpy $StoreIni $OptValue
  ${If} $StoreIni != ""
    ReadINIStr $StoreName $StoreIni "store" "name"
    ReadINIStr $Merchant $StoreIni "store" "merchant"
    ReadINIStr $StoreId $StoreIni "store" "store_id"
    ReadINIStr $ProfileHash $StoreIni "store" "profile_hash"
    ReadINIStr $Kiosk $StoreIni "store" "kiosk"
  ${EndIf}
  ${GetParent} $StoreIni $0
  ${If} $StoreName == ""
  ${OrIfNot} ${FileExists} "$0\store.toml"
    !insertmacro Fail ${ERR_NO_STORE} "No store profile: run the store's installer (pos-member-<store>-<version>.exe), not this one."
  ${EndIf}

  StrCpy $OptName "/TOKENFILE="
  Call FindOption
  StrCpy $TokenFile $OptValue
  ${If} $OptFound == 1
  ${AndIf} $TokenFile == ""
    !insertmacro Fail ${ERR_TOKEN_OPTION} "/TOKENFILE= is empty."
  ${EndIf}
  StrCpy $OptName "/TOKEN="
  Call FindOption
  StrCpy $Token $OptValue
  ${If} $OptFound == 1
  ${AndIf} $Token == ""
    !insertmacro Fail ${ERR_TOKEN_OPTION} "/TOKEN= is empty."
  ${EndIf}
  ${If} $TokenFile != ""
    ${If} $Token != ""
      StrCpy $Token ""
      !insertmacro Fail ${ERR_TOKEN_OPTION} "Give either /TOKEN= or /TOKENFILE=, not both. The token file was deleted."
    ${EndIf}
    ${IfNot} ${FileExists} $TokenFile
      !insertmacro Fail ${ERR_TOKEN_OPTION} "The token file given with /TOKENFILE= does not exist."
    ${EndIf}
  ${EndIf}
  StrCpy $Params "" ; holds the token
  StrCpy $0 ""
  ${IfThen} $Force == 1 ${|} StrCpy $0 "$0 /FORCE" ${|}
  ${IfThen} $TokenFile != "" ${|} StrCpy $0 "$0 /TOKENFILE=" ${|}
  ${IfThen} $Token != "" ${|} StrCpy $0 "$0 /TOKEN=(not logged)" ${|}
  IfSilent 0 +2
  StrCpy $0 "/S$0"
  !insertmacro LogLine "installer started: $0"
FunctionEnd

Section "Install"
  SetShellVarContext all
  InitPluginsDir
  StrCpy $Live $INSTDIR
  Call CheckInstallDir
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_NOT_OURS} $Problem
  ${EndIf}
  ; An upgrade that stopped between its two renames: the old folder goes back first.
  ${IfNot} ${FileExists} "$Live\*.*"
  ${AndIf} ${FileExists} "$Live.old\${FILE_LIST}"
    Rename "$Live.old" $Live
    !insertmacro LogLine "restored $Live from $Live.old (an interrupted upgrade)"
  ${EndIf}
  StrCpy $0 "$Live.new"
  Call ClearLeftover
  StrCpy $0 "$Live.old"
  Call ClearLeftover

  ; 1. Stage: the new version beside the old one, written and checked; the app keeps running.
  StrCpy $Staging "$Live.new"
  StrCpy $INSTDIR $Staging
  CreateDirectory $INSTDIR
  SetOverwrite try ; a file that cannot be written sets the error flag instead of a silent skip
  ClearErrors
  !insertmacro InstallFiles
  ${If} ${Errors}
    StrCpy $INSTDIR $Live
    !insertmacro Fail ${ERR_FILES} "Some program files could not be written. Nothing was changed: run the installer again."
  ${EndIf}
  SetOverwrite on
  WriteUninstaller "$INSTDIR\uninstall.exe"
  StrCpy $Problem ""
  !insertmacro VerifyFiles
  StrCpy $INSTDIR $Live
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_FILES} "$Problem was not written correctly. Nothing was changed: run the installer again."
  ${EndIf}
  ; Out of both folders: a process's current folder cannot be renamed on Windows.
  SetOutPath $PLUGINSDIR
  !insertmacro LogLine "version ${VERSION} staged in $Staging"

  ; 2. The app closes (asked, or killed with /FORCE); the marker tells its relauncher to wait.
  StrCpy $Marker 1
  FileOpen $0 "$DataDir\${UPGRADE_MARKER}" w
  FileWrite $0 "${VERSION}"
  FileClose $0
  System::Call 'advapi32::ConvertStringSecurityDescriptorToSecurityDescriptorW(w "${OBJECT_SDDL}", i 1, *p .r1, p 0) i .r0'
  System::Call '*(i 12, p r1, i 0) p .r2'
  System::Call 'kernel32::CreateEventW(p r2, i 1, i 0, w "${CLOSE_EVENT}") p .R8'
  System::Free $2
  System::Call 'kernel32::LocalFree(p r1)'
  Call CloseApp
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_IN_USE} "Stamps Members did not close ($Problem). Nothing was changed: run the installer again later, or with /FORCE."
  ${EndIf}

  ; 3. The swap. A copy started meanwhile (a kiosk watchdog) finds the close event set and exits;
  ; whatever still runs is stopped, and the rename is tried again.
  ${If} ${FileExists} "$Live\*.*"
    StrCpy $3 0
    ${Do}
      Call AppRunning
      ${If} $Problem != ""
        Call KillApp
      ${EndIf}
      ; A running image cannot be opened for writing (Windows would refuse the rename too; Wine
      ; would not, and this names the file). Only the exe: the watchdog's next start is near.
      StrCpy $Problem ""
      ${If} ${FileExists} "$Live\${APP_EXE}"
        ClearErrors
        FileOpen $4 "$Live\${APP_EXE}" a
        ${If} ${Errors}
          StrCpy $Problem "$Live\${APP_EXE} is in use"
        ${Else}
          FileClose $4
        ${EndIf}
      ${EndIf}
      ${If} $Problem == ""
        ClearErrors
        Rename $Live "$Live.old"
        ${IfNot} ${Errors}
          ${Break}
        ${EndIf}
        StrCpy $Problem "$Live could not be renamed"
      ${EndIf}
      IntOp $3 $3 + 1
      !insertmacro LogLine "swap, try $3: $Problem"
      ${If} $3 >= 40
        !insertmacro Fail ${ERR_IN_USE} "$Problem: the program is in use. Nothing was changed: run the installer again later."
      ${EndIf}
      Sleep 250
    ${Loop}
  ${EndIf}
  ClearErrors
  Rename $Staging $Live
  ${If} ${Errors}
    ${If} ${FileExists} "$Live.old\*.*"
      Rename "$Live.old" $Live
    ${EndIf}
    !insertmacro Fail ${ERR_FILES} "The new version could not be put in place; the old one was put back. Run the installer again."
  ${EndIf}
  StrCpy $Staging ""
  !insertmacro LogLine "version ${VERSION} is now in $Live"
  ${If} ${FileExists} "$Live.old\*.*"
    StrCpy $INSTDIR "$Live.old"
    Call RemoveListedFiles
    StrCpy $INSTDIR $Live
    StrCpy $R0 ""
    Call MoveForeign
    RMDir /r "$Live.old"
    ${If} ${FileExists} "$Live.old\*.*"
      !insertmacro LogLine "$Live.old could not be removed completely (a file in use): the next run removes it"
    ${EndIf}
  ${EndIf}

  ; The store profile, machine-wide: C:\ProgramData\pos-member\store.toml
  ${GetParent} $StoreIni $0
  System::Call 'kernel32::CopyFileW(w "$0\store.toml", w "$DataDir\store.toml", i 0) i .r1'
  ${If} $1 = 0
    !insertmacro LogLine "the store profile could not be written to $DataDir\store.toml"
  ${EndIf}
  SetOutPath $DataDir
  CreateDirectory "$DataDir\outbox"
  Push "$DataDir\outbox"
  Push "${OUTBOX_SDDL}"
  Call SetSecurity
  SetOutPath $PLUGINSDIR

  CreateDirectory "$SMPROGRAMS\Stamps Members"
  CreateShortcut "$SMPROGRAMS\Stamps Members\Stamps Members.lnk" "$INSTDIR\${APP_EXE}"
  ${If} $Kiosk == 1
    ; Kiosk profiles start with Windows (use Shell Launcher / assigned access to lock it down).
    CreateShortcut "$SMSTARTUP\${KIOSK_LINK}" "$INSTDIR\${APP_EXE}"
  ${Else}
    Delete "$SMSTARTUP\${KIOSK_LINK}" ; this counter was a kiosk before
  ${EndIf}

  ; 64-bit view (.onInit), where 64-bit detection rules look; drop what older installers left
  ; in the 32-bit view so Programs and Features shows one entry.
  ReadRegStr $5 HKLM "${REG_KEY}" "Merchant"
  ${If} ${RunningX64}
    SetRegView 32
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    DeleteRegKey HKLM "${REG_KEY}"
    SetRegView 64
  ${EndIf}
  WriteRegStr HKLM "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_KEY}" "Store" "$StoreName"
  WriteRegStr HKLM "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${REG_KEY}" "VersionNumber" "${VIVERSION}"
  WriteRegStr HKLM "${REG_KEY}" "Merchant" "$Merchant"
  WriteRegStr HKLM "${REG_KEY}" "StoreId" "$StoreId"
  WriteRegStr HKLM "${REG_KEY}" "ProfileHash" "$ProfileHash"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Stamps Members ($StoreName)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "pos-member"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S _?=$INSTDIR'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  !insertmacro LogLine "registered: store $StoreName, merchant $Merchant, store id $StoreId, profile $ProfileHash"

  ; Signed updates (README "Signed updates"): the "pos-member update" task runs the verified
  ; installer as SYSTEM between customers. Not fatal when it fails: IT can still update by hand.
  ExecWait '"$INSTDIR\${APP_EXE}" --register-update-task' $0
  ${If} $0 == 0
    !insertmacro LogLine "update task registered"
  ${Else}
    !insertmacro LogLine "update task not registered (pos-member exit code $0): updates only by IT"
  ${EndIf}

  ; The token goes to the machine (DPAPI, machine scope, C:\ProgramData\pos-member): the
  ; installer runs as an administrator or SYSTEM, not as the cashier or kiosk user who runs the
  ; app. /TOKEN= reaches the app in its environment; /TOKENFILE= by its path. Neither is logged.
  ${If} $Token != ""
    StrCpy $1 $Token ; by register: a " or ) in the token would break a literal System::Call
    System::Call 'kernel32::SetEnvironmentVariable(t "${TOKEN_ENV}", t r1) i'
    StrCpy $1 ""
    StrCpy $Token ""
    ExecWait '"$INSTDIR\${APP_EXE}" --import-token --machine' $0
    System::Call 'kernel32::SetEnvironmentVariable(t "${TOKEN_ENV}", p 0) i'
    ${If} $0 != 0
      !insertmacro Fail ${ERR_TOKEN_IMPORT} "The API token could not be stored (pos-member exit code $0). The program is installed: run the installer again with the token."
    ${EndIf}
    !insertmacro LogLine "API token stored for the machine"
  ${ElseIf} $TokenFile != ""
    ExecWait '"$INSTDIR\${APP_EXE}" --import-token --machine --token-file "$TokenFile"' $0
    ClearErrors
    Delete $TokenFile
    ${If} ${Errors}
    ${OrIf} ${FileExists} $TokenFile
      StrCpy $TokenFile ""
      !insertmacro Fail ${ERR_TOKEN_FILE} "Delete the token file: it could not be deleted."
    ${EndIf}
    StrCpy $TokenFile ""
    ${If} $0 != 0
      !insertmacro Fail ${ERR_TOKEN_IMPORT} "The API token could not be stored (pos-member exit code $0). The program is installed: run the installer again with the token."
    ${EndIf}
    !insertmacro LogLine "API token stored for the machine (token file deleted)"
  ${ElseIf} $5 != ""
  ${AndIf} $5 != $Merchant
    ; moved to another merchant's profile: the old token is for the old merchant
    Delete "$DataDir\api-token.dpapi"
    !insertmacro Fail ${ERR_TOKEN_IMPORT} "This PC was set up for merchant $5 and is now merchant $Merchant: the old API token was removed. Run the installer again with the new merchant's token."
  ${EndIf}
  Delete "$DataDir\${UPGRADE_MARKER}"
  StrCpy $Marker ""
  !insertmacro LogLine "installed ${VERSION} for $StoreName: exit code 0"
  FileClose $LogHandle
  StrCpy $LogHandle ""
SectionEnd

Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  ReadRegStr $StoreName HKLM "${REG_KEY}" "Store"
  Call un.Begin
  !insertmacro LogLine "uninstaller started"
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  SetOutPath $TEMP
  Call un.KillApp
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_IN_USE} "Stamps Members could not be closed ($Problem). Nothing was removed."
  ${EndIf}
  Call un.CheckWritable
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_IN_USE} "$Problem is in use. Close it and try again. Nothing was removed."
  ${EndIf}
  Call un.RemoveListedFiles
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_IN_USE} "$Problem could not be removed. Close it and run the uninstaller again."
  ${EndIf}
  Delete "$SMPROGRAMS\Stamps Members\Stamps Members.lnk"
  RMDir "$SMPROGRAMS\Stamps Members"
  Delete "$SMSTARTUP\${KIOSK_LINK}"
  RMDir "$INSTDIR" ; only if empty: files that are not ours stay
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${REG_KEY}"
  nsExec::Exec 'schtasks /Delete /TN "pos-member update" /F'
  Pop $0
  !insertmacro LogLine "update task removed (schtasks exit $0)"
  ${If} $Purge == 1
    ; A retired PC: the store profile, the machine token, the logs and the machine-wide outbox.
    ; (Each Windows user's own settings and outbox stay in their profile.)
    FileClose $LogHandle
    StrCpy $LogHandle ""
    RMDir /r $DataDir
    ${If} $LogPath != "$DataDir\logs\setup.log"
      Call un.OpenLog
    ${EndIf}
    !insertmacro LogLine "/PURGE: $DataDir removed"
  ${EndIf}
  ; Kept on purpose without /PURGE: the store profile, the machine token, user settings and any
  ; registrations still in the outbox (uninstalling to reinstall must not lose them).
  !insertmacro LogLine "uninstalled: exit code 0"
  FileClose $LogHandle
  StrCpy $LogHandle ""
SectionEnd
