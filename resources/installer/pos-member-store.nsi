; One store's installer: the app installer (pos-member.nsi, compiled and compressed once per
; version) and the store's profile, run with this installer's own options. Compiling this takes
; seconds (nothing is compressed again), so one build makes every store's installer. IT still has
; one file per store: pos-member-<store>-<version>.exe, same options and exit codes as before.
;   makensis -DVERSION=.. -DVIVERSION=a.b.c.d -DSTORE=.. -DMERCHANT=.. -DSTORE_ID=.. -DPROFILE_HASH=..
;            -DPROFILE=<store.toml> -DAPP_INSTALLER=<pos-member-app.exe> -DOUTFILE=.. [-DKIOSK]
;            [-DSIGN=<command with %1>]

Unicode true
!include "FileFunc.nsh"
!include "LogicLib.nsh"

SetCompress off ; the app installer inside is compressed already
!ifdef SIGN
  !finalize '${SIGN}'
!endif
!ifdef KIOSK
  !define KIOSK_VALUE 1
!else
  !define KIOSK_VALUE 0
!endif

Name "Stamps Members (${STORE})"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\pos-member"
RequestExecutionLevel admin
SilentInstall silent ; the app installer shows its pages, or not (/S), itself
VIProductVersion "${VIVERSION}"
VIAddVersionKey "ProductName" "Stamps Members"
VIAddVersionKey "FileDescription" "Stamps Members installer for ${STORE}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "pos-member"

Section
  InitPluginsDir ; %TEMP%\nsXXXX.tmp (C:\Windows\Temp for SYSTEM), removed when this ends
  SetOutPath $PLUGINSDIR
  File "/oname=$PLUGINSDIR\pos-member-app.exe" "${APP_INSTALLER}"
  File "/oname=$PLUGINSDIR\store.toml" "${PROFILE}"
  WriteINIStr "$PLUGINSDIR\store.ini" "store" "name" "${STORE}"
  WriteINIStr "$PLUGINSDIR\store.ini" "store" "merchant" "${MERCHANT}"
  WriteINIStr "$PLUGINSDIR\store.ini" "store" "store_id" "${STORE_ID}"
  WriteINIStr "$PLUGINSDIR\store.ini" "store" "profile_hash" "${PROFILE_HASH}"
  WriteINIStr "$PLUGINSDIR\store.ini" "store" "kiosk" "${KIOSK_VALUE}"
  FlushINI "$PLUGINSDIR\store.ini"
  ; this installer's options as given (NSIS took /D= off them: it goes back, last)
  ${GetParameters} $0
  ${If} $INSTDIR != "$PROGRAMFILES64\pos-member"
    StrCpy $0 "$0 /D=$INSTDIR"
  ${EndIf}
  SetOutPath $TEMP
  ClearErrors
  ExecWait '"$PLUGINSDIR\pos-member-app.exe" "/STORE=$PLUGINSDIR\store.ini" $0' $1
  StrCpy $0 "" ; may hold a token
  ${If} ${Errors}
    SetErrorLevel 5
  ${Else}
    SetErrorLevel $1
  ${EndIf}
SectionEnd
