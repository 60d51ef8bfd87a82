; Stamps Members (pos-member) installer, one per store profile.
; Built by tools/build.py:  makensis -DVERSION=.. -DSTORE=.. -DPROFILE=.. -DSOURCE=.. -DOUTFILE=.. [-DKIOSK] [-DFAST]
;
; Silent install:   pos-member-<store>-<version>.exe /S [/TOKEN=<api token>] [/D=C:\path]
; Silent uninstall: "C:\Program Files\pos-member\uninstall.exe" /S
; Upgrade: run a newer installer over the old one. Settings (C:\ProgramData\pos-member and the
; user's AppData) and pending registrations (the outbox in LocalAppData) live outside the
; install folder and are kept; the store profile is replaced by the new installer's.

Unicode true
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!ifdef FAST
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

Name "Stamps Members (${STORE})"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\pos-member"
InstallDirRegKey HKLM "Software\pos-member" "InstallDir"
RequestExecutionLevel admin
ShowInstDetails nevershow
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Stamps Members"
VIAddVersionKey "FileDescription" "Stamps Members installer for ${STORE}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "pos-member"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Var Token

Section "Install"
  SetShellVarContext all
  ; An upgrade replaces a running app: delivering registrations survive a kill (the outbox).
  nsExec::Exec 'taskkill /IM pos-member.exe /F'
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE}\*.*"

  ; The store profile, machine-wide: C:\ProgramData\pos-member\store.toml
  CreateDirectory "$APPDATA\pos-member"
  SetOutPath "$APPDATA\pos-member"
  File /oname=store.toml "${PROFILE}"

  CreateDirectory "$SMPROGRAMS\Stamps Members"
  CreateShortcut "$SMPROGRAMS\Stamps Members\Stamps Members.lnk" "$INSTDIR\pos-member.exe"
  !ifdef KIOSK
    ; Kiosk profiles start with Windows (use Shell Launcher / assigned access to lock it down).
    CreateShortcut "$SMSTARTUP\Stamps Members Kiosk.lnk" "$INSTDIR\pos-member.exe"
  !endif

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\pos-member" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\pos-member" "Store" "${STORE}"
  !define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\pos-member"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Stamps Members (${STORE})"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "pos-member"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1

  ; /TOKEN=...: handed to the app in its environment (never written to a file); the app puts it
  ; in the Windows Credential Manager of the user running the installer.
  ${GetParameters} $R0
  ${GetOptions} $R0 "/TOKEN=" $Token
  ${If} $Token != ""
    System::Call 'Kernel32::SetEnvironmentVariable(t "POS_MEMBER_IMPORT_TOKEN", t "$Token")i'
    ExecWait '"$INSTDIR\pos-member.exe" --import-token' $R1
    System::Call 'Kernel32::SetEnvironmentVariable(t "POS_MEMBER_IMPORT_TOKEN", p 0)i'
    StrCpy $Token ""
  ${EndIf}
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  nsExec::Exec 'taskkill /IM pos-member.exe /F'
  Delete "$SMPROGRAMS\Stamps Members\Stamps Members.lnk"
  RMDir "$SMPROGRAMS\Stamps Members"
  Delete "$SMSTARTUP\Stamps Members Kiosk.lnk"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\pos-member"
  DeleteRegKey HKLM "Software\pos-member"
  ; Kept on purpose: the store profile, user settings and any registrations still in the outbox.
SectionEnd
