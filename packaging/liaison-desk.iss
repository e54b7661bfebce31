; Inno Setup script: per-user installer of 联络站工作台 (no administrator rights needed).
;
; Build on Windows after the PyInstaller one-folder build (see docs/packaging.md):
;   iscc /DAppVersion=0.1.0 /DAppVersionNum=0.1.0.0 packaging\liaison-desk.iss
; Output: dist\LiaisonDesk-<version>-setup.exe
;
; What it does to the PC: copies the program to %LOCALAPPDATA%\Programs\LiaisonDesk, adds a Start-menu and a
; desktop shortcut and an entry in "Apps" (HKCU). The clerk's data lives in %LOCALAPPDATA%\LiaisonDesk
; (platformdirs' user data folder), which the uninstaller KEEPS unless the clerk ticks the box to delete it.
; This file is UTF-8 with a byte-order mark, so the Chinese text reaches the compiler intact.

#define AppName "联络站工作台"
; AppId = liaison_desk.APP_ID: the name of the data folder and of the Qt settings key
#define AppId "LiaisonDesk"
#define GuiExe "LiaisonDesk.exe"
#define CliExe "liaison-desk.exe"
; CI passes the package version (/DAppVersion=0.1.0) and four numbers for the Windows version resource
; (/DAppVersionNum=0.1.0.0); DistDir is the PyInstaller output, relative to this script.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppVersionNum
  #define AppVersionNum "0.0.0.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\LiaisonDesk"
#endif
#ifndef ChineseIsl
  ; Inno Setup's Simplified Chinese messages. Older Inno Setup 6 releases ship it only as an unofficial
  ; translation: CI then downloads it and passes /DChineseIsl=<path> (see docs/packaging.md).
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#endif

[Setup]
AppId={{6E0C2B7A-4F1D-4C59-9A63-0D5E8B2F7C41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersionNum}
VersionInfoProductName={#AppName}
; Per-user install: {autopf} is %LOCALAPPDATA%\Programs when running without administrator rights.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppId}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\resources\icon.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
OutputDir=..\dist
OutputBaseFilename={#AppId}-{#AppVersion}-setup
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes
RestartApplications=no

[Languages]
; Default.isl first: any message the Chinese file lacks falls back to English instead of failing the build.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,{#ChineseIsl}"

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[InstallDelete]
; An upgrade replaces the whole program folder content, so no stale library from an older version stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; IconFilename: "{app}\{#GuiExe}"; Comment: "人大代表联络站台账管理"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; IconFilename: "{app}\{#GuiExe}"; Comment: "人大代表联络站台账管理"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "立即打开{#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself created inside its own folder. The data folder is handled in [Code] below.
Type: dirifempty; Name: "{app}"

[Code]
var
  DeleteData: Boolean;

{ platformdirs.user_data_dir("LiaisonDesk", appauthor=False, roaming=False) on Windows:
  the database, photos, attachments, backups and logs. }
function DataDir: String;
begin
  Result := ExpandConstant('{localappdata}\{#AppId}');
end;

{ The uninstall question with a tick box (unticked: keep the data). Returns False when the clerk cancels. }
function AskAboutData: Boolean;
var
  Form: TSetupForm;
  Info: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
#if VER >= EncodeVer(6,6,0)
  Form := CreateCustomForm(ScaleX(440), ScaleY(190), False, False);
#else
  Form := CreateCustomForm;
  Form.ClientWidth := ScaleX(440);
  Form.ClientHeight := ScaleY(190);
#endif
  try
    Form.Caption := '卸载{#AppName}';

    Info := TNewStaticText.Create(Form);
    Info.Parent := Form;
    Info.AutoSize := False;
    Info.WordWrap := True;
    Info.Left := ScaleX(16);
    Info.Top := ScaleY(16);
    Info.Width := Form.ClientWidth - ScaleX(32);
    Info.Height := ScaleY(80);
    Info.Caption := '将从这台电脑上卸载{#AppName}程序。' + #13#10 + #13#10 +
      '联络站的数据（数据库、照片、附件、备份）保存在：' + #13#10 + DataDir + #13#10 +
      '默认保留这些数据，重新安装后可以继续使用。';

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(16);
    Box.Top := ScaleY(108);
    Box.Width := Form.ClientWidth - ScaleX(32);
    Box.Height := ScaleY(20);
    Box.Caption := '同时删除全部联络站数据（删除后无法恢复）';
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := '卸载';
    OkButton.Width := ScaleX(88);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 88 + 8 + 88);
    OkButton.Top := Form.ClientHeight - ScaleY(16 + 26);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := '取消';
    CancelButton.Width := ScaleX(88);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 88);
    CancelButton.Top := Form.ClientHeight - ScaleY(16 + 26);
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Result := Form.ShowModal = mrOk;
    DeleteData := Result and Box.Checked;
  finally
    Form.Free;
  end;
  if DeleteData then
    DeleteData := MsgBox('确定要删除全部联络站数据吗？' + #13#10 + DataDir + #13#10 +
      '删除后无法恢复。如果还需要这些数据，请选择“否”，先备份再卸载。',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

function InitializeUninstall: Boolean;
begin
  DeleteData := False;
  if UninstallSilent then
    Result := True   { silent uninstall (IT scripts): always keep the data }
  else
    Result := AskAboutData;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DeleteData then
  begin
    if DirExists(DataDir) then
      if not DelTree(DataDir, True, True, True) then
        MsgBox('有些数据文件没有删掉（可能正被使用），请手动删除这个文件夹：' + #13#10 + DataDir,
          mbError, MB_OK);
    { the window layout the program keeps with QSettings }
    RegDeleteKeyIncludingSubkeys(HKCU, 'Software\{#AppId}');
  end;
end;
