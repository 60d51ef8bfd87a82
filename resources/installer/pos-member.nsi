; Stamps Members (pos-member) installer, one per store profile. Built by tools/build.py:
;   makensis -DVERSION=.. -DVIVERSION=a.b.c.d -DSTORE=.. -DPROFILE=.. -DSOURCE=.. -DFILES_NSH=..
;            -DOUTFILE=.. [-DKIOSK] [-DFAST]
; FILES_NSH (generated from the bundle) lists every program file: the installer writes exactly
; those, checks them, and the uninstaller removes exactly those (install-files.txt).
;
; Silent install:   pos-member-<store>-<version>.exe /S [/TOKENFILE=<file>] [/D=C:\path]
;                   (/TOKEN=<api token> also works but puts the token on the command line)
; Silent uninstall: "C:\Program Files\pos-member\uninstall.exe" /S
;                   add _?=C:\Program Files\pos-member to wait for it (scripted uninstall, then
;                   install): it then runs in place and leaves uninstall.exe and the folder.
; Exit codes (README, "For store IT"): 0 done, 1 cancelled, 3 folder not empty and not
; pos-member, 4 pos-member still running or its files locked (nothing changed), 5 program files
; not written or not verified, 6 bad token option, 7 token not stored, 8 token file not deleted,
; 740 not administrator.
; Upgrade: run a newer installer over the old one. Settings (C:\ProgramData\pos-member and the
; user's AppData) and pending registrations (the outbox in LocalAppData) live outside the
; install folder and are kept; the store profile is replaced by the new installer's.

Unicode true
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

!define ERR_NOT_OURS 3
!define ERR_RUNNING 4
!define ERR_FILES 5
!define ERR_TOKEN_OPTION 6
!define ERR_TOKEN_IMPORT 7
!define ERR_TOKEN_FILE 8
!define ERR_NOT_ADMIN 740

Name "Stamps Members (${STORE})"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\pos-member"
RequestExecutionLevel admin
ShowInstDetails nevershow
VIProductVersion "${VIVERSION}"
VIAddVersionKey "ProductName" "Stamps Members"
VIAddVersionKey "FileDescription" "Stamps Members installer for ${STORE}"
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

; Stop with an exit code: a message box when interactive, a log line in any case.
!macro Fail code message
  DetailPrint "${message}"
  IfSilent +2
  MessageBox MB_OK|MB_ICONSTOP "${message}"
  SetErrorLevel ${code}
  Quit
!macroend

!macro DefineCommonFunctions un
; Administrators only: the program folder, the machine-wide settings and HKLM.
Function ${un}RequireAdmin
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    !insertmacro Fail ${ERR_NOT_ADMIN} "Run this as an administrator."
  ${EndIf}
FunctionEnd

; Stop every pos-member.exe and wait until each has exited (nsProcess-free: taskkill for other
; users' sessions, then the process list through Toolhelp32, TerminateProcess and a wait).
; $Problem = "" when none is left.
Function ${un}StopApp
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
    ; PROCESSENTRY32W (32-bit layout, 556 bytes): dwSize .. th32ProcessID .. szExeFile[260]
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
!macroend
!insertmacro DefineCommonFunctions ""
!insertmacro DefineCommonFunctions "un."

; Is an installer option at position $9 of $Params? $8 = 1 or 0. Used to find where a value
; ends: "/TOKEN=abc/def /S" is abc/def, "/TOKEN=a b" is "a b".
Function OptionAt
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
Function FindOption
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
          Call OptionAt
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

Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  Call RequireAdmin
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

  ${GetParameters} $Params
  StrCpy $OptName "/TOKEN="
  Call FindOption
  StrCpy $Token $OptValue
  ${If} $OptFound == 1
  ${AndIf} $Token == ""
    !insertmacro Fail ${ERR_TOKEN_OPTION} "/TOKEN= is empty."
  ${EndIf}
  StrCpy $OptName "/TOKENFILE="
  Call FindOption
  StrCpy $TokenFile $OptValue
  ${If} $OptFound == 1
    ${If} $Token != ""
      !insertmacro Fail ${ERR_TOKEN_OPTION} "Give either /TOKEN= or /TOKENFILE=, not both."
    ${EndIf}
    ${If} $TokenFile == ""
    ${OrIfNot} ${FileExists} $TokenFile
      !insertmacro Fail ${ERR_TOKEN_OPTION} "The token file given with /TOKENFILE= does not exist."
    ${EndIf}
  ${EndIf}
  StrCpy $Params "" ; holds the token
FunctionEnd

Section "Install"
  SetShellVarContext all
  Call CheckInstallDir
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_NOT_OURS} $Problem
  ${EndIf}

  ; An upgrade replaces a running app: delivering registrations survive a kill (the outbox).
  Call StopApp
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_RUNNING} "Stamps Members could not be closed ($Problem). Nothing was changed."
  ${EndIf}
  Call CheckWritable
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_RUNNING} "$Problem is in use. Close it and run the installer again. Nothing was changed."
  ${EndIf}
  ; the earlier version's files (some may be gone from this one)
  Call RemoveListedFiles
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_FILES} "$Problem could not be replaced. Run the installer again."
  ${EndIf}

  SetOverwrite try ; a file that cannot be written sets the error flag instead of a silent skip
  ClearErrors
  !insertmacro InstallFiles
  ${If} ${Errors}
    !insertmacro Fail ${ERR_FILES} "Some program files could not be written. Run the installer again."
  ${EndIf}
  SetOverwrite on
  WriteUninstaller "$INSTDIR\uninstall.exe"
  StrCpy $Problem ""
  !insertmacro VerifyFiles
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_FILES} "$Problem was not written correctly. Run the installer again."
  ${EndIf}

  ; The store profile, machine-wide: C:\ProgramData\pos-member\store.toml
  CreateDirectory "$APPDATA\pos-member"
  SetOutPath "$APPDATA\pos-member"
  File /oname=store.toml "${PROFILE}"
  SetOutPath "$INSTDIR"

  CreateDirectory "$SMPROGRAMS\Stamps Members"
  CreateShortcut "$SMPROGRAMS\Stamps Members\Stamps Members.lnk" "$INSTDIR\${APP_EXE}"
  !ifdef KIOSK
    ; Kiosk profiles start with Windows (use Shell Launcher / assigned access to lock it down).
    CreateShortcut "$SMSTARTUP\${KIOSK_LINK}" "$INSTDIR\${APP_EXE}"
  !else
    Delete "$SMSTARTUP\${KIOSK_LINK}" ; this counter was a kiosk before
  !endif

  ; 64-bit view (.onInit), where 64-bit detection rules look; drop what older installers left
  ; in the 32-bit view so Programs and Features shows one entry.
  ${If} ${RunningX64}
    SetRegView 32
    DeleteRegKey HKLM "${UNINSTALL_KEY}"
    DeleteRegKey HKLM "${REG_KEY}"
    SetRegView 64
  ${EndIf}
  WriteRegStr HKLM "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_KEY}" "Store" "${STORE}"
  WriteRegStr HKLM "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Stamps Members (${STORE})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "pos-member"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

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
  ${ElseIf} $TokenFile != ""
    ExecWait '"$INSTDIR\${APP_EXE}" --import-token --machine --token-file "$TokenFile"' $0
    ClearErrors
    Delete $TokenFile
    ${If} ${Errors}
    ${OrIf} ${FileExists} $TokenFile
      !insertmacro Fail ${ERR_TOKEN_FILE} "Delete the token file $TokenFile: it could not be deleted."
    ${EndIf}
    ${If} $0 != 0
      !insertmacro Fail ${ERR_TOKEN_IMPORT} "The API token could not be stored (pos-member exit code $0). The program is installed: run the installer again with the token."
    ${EndIf}
  ${EndIf}
SectionEnd

Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  Call un.RequireAdmin
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Call un.StopApp
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_RUNNING} "Stamps Members could not be closed ($Problem). Nothing was removed."
  ${EndIf}
  Call un.CheckWritable
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_RUNNING} "$Problem is in use. Close it and try again. Nothing was removed."
  ${EndIf}
  Call un.RemoveListedFiles
  ${If} $Problem != ""
    !insertmacro Fail ${ERR_RUNNING} "$Problem could not be removed. Close it and run the uninstaller again."
  ${EndIf}
  Delete "$SMPROGRAMS\Stamps Members\Stamps Members.lnk"
  RMDir "$SMPROGRAMS\Stamps Members"
  Delete "$SMSTARTUP\${KIOSK_LINK}"
  RMDir "$INSTDIR" ; only if empty: files that are not ours stay
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${REG_KEY}"
  ; Kept on purpose: the store profile, the machine token, user settings and any registrations
  ; still in the outbox (uninstalling to reinstall must not lose them).
SectionEnd
