; Inno Setup 6 script: the Windows installer of wargame.
;
; Build on Windows, from the repository root, after the bundle (see packaging/README.md):
;
;   .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\wargame.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\wargame.iss
;
; -> dist\wargame-<version>-windows-x64-setup.exe
;
; The version comes from dist\wargame\wargame.exe's version resource, which the spec writes
; from pyproject.toml; pass /DAppVersion=X.Y.Z to ISCC to override it.
;
; The installer installs for the current user without administrator rights by default
; (%LOCALAPPDATA%\Programs\wargame), or for all users if the user chooses so; the registry
; keys below go to HKCU or HKLM accordingly (HKA). It registers *.wargame files
; (ProgID wargame.Game) so that double-clicking a game opens it: the command line is
; `wargame.exe "%1"`, which the app treats as `wargame gui "%1"`.
;
; Signing: see packaging/README.md ("Signing"); it is a manual step with the project's
; code-signing certificate (SignTool= below, commented out).

#define AppName "wargame"
#define AppId "io.github.wargame.Wargame"
#define ProgId "wargame.Game"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\wargame"

#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\wargame.exe", "ProductVersion")
#endif
#if AppVersion == ""
  #error "No version: build dist\wargame first (it carries the version), or pass /DAppVersion=X.Y.Z"
#endif

[Setup]
; AppId identifies the app for upgrades and uninstall: never change it.
AppId={{F80D6545-E2EF-4A60-BD7F-F7D418DA3AE0}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=The wargame developers
AppComments=Run political-military seminar and matrix wargames
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\wargame
DefaultGroupName=wargame
DisableProgramGroupPage=yes
; per-user by default, no UAC prompt; the user may choose "all users" (needs admin)
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809 or later (what Qt 6 / PySide6 6.12 supports)
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=wargame-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\assets\icons\wargame.ico
UninstallDisplayIcon={app}\wargame.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; tell Explorer the file associations changed
ChangesAssociations=yes
; SignTool=signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "association"; Description: "Open *.wargame game files with wargame"; GroupDescription: "File types:"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the libraries wholesale: stale DLLs of an older version must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; the one-folder bundle: wargame.exe (windowed), wargame-cli.exe (console), _internal\
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\wargame"; Filename: "{app}\wargame.exe"; Comment: "Run political-military wargames"
Name: "{autodesktop}\wargame"; Filename: "{app}\wargame.exe"; Tasks: desktopicon

[Registry]
; .wargame -> wargame.Game: "Open with" always, the default handler when the task is chosen
Root: HKA; Subkey: "Software\Classes\.wargame\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.wargame"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.wargame"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-wargame"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\.wargame"; ValueType: string; ValueName: "PerceivedType"; ValueData: "document"; Flags: uninsdeletevalue; Tasks: association
; the ProgID: its name in Explorer, its icon, how to open it
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "wargame game"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: "FriendlyTypeName"; ValueData: "wargame game"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\wargame.exe,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\wargame.exe"" ""%1"""
; the application itself, for "Open with" and Default Apps
Root: HKA; Subkey: "Software\Classes\Applications\wargame.exe"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "wargame"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\wargame.exe\SupportedTypes"; ValueType: string; ValueName: ".wargame"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\wargame.exe\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\wargame.exe"" ""%1"""

[Run]
Filename: "{app}\wargame.exe"; Description: "{cm:LaunchProgram,wargame}"; Flags: nowait postinstall skipifsilent

; Games, scenarios, settings and logs live in the user's folders (%LOCALAPPDATA%\wargame)
; and are never removed by the uninstaller.
