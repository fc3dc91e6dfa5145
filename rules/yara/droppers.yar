// Droppers and loaders: documents and scripts that fetch and run a program, programs hidden
// inside other files, miners injected into web pages. Shipped with ungcuu.

rule dropper_powershell_download_run
{
    meta:
        description = "PowerShell that downloads and runs code, or runs an encoded command"
        description_vi = "PowerShell tải về và chạy mã, hoặc chạy lệnh đã mã hoá"
        scenario = "A3"
    strings:
        $ps = "powershell" nocase
        $d1 = "DownloadString" nocase
        $d2 = "DownloadFile" nocase
        $d3 = "Invoke-WebRequest" nocase
        $d4 = "Net.WebClient" nocase
        $d5 = "Start-BitsTransfer" nocase
        $x1 = "IEX" fullword
        $x2 = "Invoke-Expression" nocase
        $x3 = "-w hidden" nocase
        $x4 = "-windowstyle hidden" nocase
        $x5 = "Start-Process" nocase
        $enc = /-e(nc|ncodedcommand)?\s+[A-Za-z0-9+\/=]{60,}/ nocase
    condition:
        $ps and ((any of ($d*) and any of ($x*)) or $enc)
}

rule dropper_script_download_run
{
    meta:
        description = "VBScript, JScript or HTA that downloads a file and runs it"
        description_vi = "Tập lệnh VBScript, JScript hoặc HTA tải tệp về rồi chạy"
        scenario = "A3"
    strings:
        $s1 = "WScript.Shell" nocase
        $s2 = "Shell.Application" nocase
        $h1 = "MSXML2.XMLHTTP" nocase
        $h2 = "WinHttp.WinHttpRequest" nocase
        $h3 = "Microsoft.XMLHTTP" nocase
        $w = "ADODB.Stream" nocase
        $r1 = ".Run" nocase
        $r2 = ".ShellExecute" nocase
    condition:
        any of ($s*) and any of ($h*) and ($w or any of ($r*))
}

rule dropper_office_macro_autorun
{
    meta:
        description = "Office macro that starts by itself and runs programs"
        description_vi = "Macro Office tự chạy khi mở tệp và gọi chương trình khác"
        scenario = "A3"
    strings:
        $a1 = "AutoOpen" nocase
        $a2 = "Document_Open" nocase
        $a3 = "Workbook_Open" nocase
        $a4 = "Auto_Open" nocase
        $e1 = "WScript.Shell" nocase
        $e2 = "CreateObject" nocase
        $e3 = "URLDownloadToFile" nocase
        $e4 = "Shell(" nocase
        $e5 = "powershell" nocase
    condition:
        any of ($a*) and 2 of ($e*)
}

rule dropper_unix_fetch_and_run
{
    meta:
        description = "Shell commands that download a program and run it (curl/wget piped to sh, or saved to /tmp and made executable)"
        description_vi = "Lệnh shell tải chương trình về rồi chạy (curl/wget chuyển thẳng cho sh, hoặc lưu vào /tmp rồi cấp quyền chạy)"
        scenario = "A3"
    strings:
        $pipe = /(curl|wget)\s[^\n|;]{0,200}\|\s*(sudo\s+)?(ba)?sh\b/
        $tmp = /(curl|wget)\s[^\n;]{0,200}\/(tmp|dev\/shm|var\/tmp)\/[^\n;]{0,80};\s*chmod\s+[+0-7x]+/
    condition:
        $pipe or $tmp
}

rule dropper_program_hidden_in_file
{
    meta:
        description = "A Windows program hidden inside a file that is not one (an image, a document)"
        description_vi = "Chương trình Windows giấu bên trong một tệp không phải chương trình (ảnh, tài liệu)"
        scenario = "A3"
    strings:
        $dos = "This program cannot be run in DOS mode" ascii
    condition:
        uint16(0) != 0x5A4D and uint32(0) != 0x04034B50 and $dos
}

rule miner_in_web_page
{
    meta:
        description = "A cryptocurrency miner injected into a web page"
        description_vi = "Mã đào tiền ảo bị chèn vào trang web"
        scenario = "A5"
    strings:
        $m1 = "coinhive.min.js" nocase
        $m2 = "CoinHive.Anonymous" nocase
        $m3 = "coinimp" nocase
        $m4 = "cryptonight" nocase
        $m5 = "webminepool" nocase
        $m6 = "crypto-loot" nocase
    condition:
        any of them
}
