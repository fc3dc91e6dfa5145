// Web shells: scripts left on a web server that run what an attacker sends them. Shipped with
// ungcuu; a deployment adds its own rule files with `serve --yara-rules`.
// Each rule says in `description_vi` what it found, for the officer who reads the attachment.

rule webshell_php_request_exec
{
    meta:
        description = "PHP web shell: runs code or commands taken from the HTTP request"
        description_vi = "Web shell PHP: chạy mã hoặc lệnh lấy từ yêu cầu HTTP"
        scenario = "A3"
    strings:
        $php = "<?" ascii
        $run = /(eval|assert|system|exec|shell_exec|passthru|popen|proc_open|create_function|call_user_func)\s*\(\s*(@|base64_decode\s*\(|str_rot13\s*\(|gzinflate\s*\(|stripslashes\s*\(|urldecode\s*\(|trim\s*\(|\s)*\$_(GET|POST|REQUEST|COOKIE|SERVER|FILES)/ nocase
        $replace_e = /preg_replace\s*\(\s*["'][^"']{0,60}\/e["']\s*,\s*(@|\s)*\$_(GET|POST|REQUEST|COOKIE)/ nocase
        $backtick = /`\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
    condition:
        $php and ($run or $replace_e or $backtick)
}

rule webshell_php_obfuscated_eval
{
    meta:
        description = "PHP code that evaluates a hidden (encoded, compressed) payload"
        description_vi = "Mã PHP thực thi một đoạn mã bị che giấu (mã hoá base64, nén)"
        scenario = "A3"
    strings:
        $php = "<?php" nocase
        $eval = /(eval|assert)\s*\(\s*(gzinflate|gzuncompress|gzdecode|str_rot13|base64_decode|convert_uudecode|hex2bin)\s*\(/ nocase
        $long_b64 = /base64_decode\s*\(\s*["'][A-Za-z0-9+\/=]{400,}/
    condition:
        $php and ($eval or ($long_b64 and #php < 5))
}

rule webshell_known_kits
{
    meta:
        description = "A well-known web shell kit (c99, r57, WSO, b374k, IndoXploit, Alfa)"
        description_vi = "Bộ web shell phổ biến (c99, r57, WSO, b374k, IndoXploit, Alfa)"
        scenario = "A3"
    strings:
        $k1 = "c99shell" nocase
        $k2 = "r57shell" nocase
        $k3 = "FilesMan" fullword
        $k4 = "b374k" nocase
        $k5 = "IndoXploit" nocase
        $k6 = "AlfaTeam" nocase
        $k7 = "Alfa-Shell" nocase
        $k8 = "WSO " ascii
        $wso = "wso_version" nocase
        $uname = "php_uname" nocase
    condition:
        any of ($k1, $k2, $k3, $k4, $k5, $k6, $k7) or ($k8 and ($wso or $uname))
}

rule webshell_aspx
{
    meta:
        description = "ASP/ASP.NET web shell (China Chopper and command runners)"
        description_vi = "Web shell ASP/ASP.NET (China Chopper và trang chạy lệnh)"
        scenario = "A3"
    strings:
        $page = "<%" ascii
        $chopper = /eval\s*\(\s*Request(\.Item|\.Form)?\s*[\[\(]/ nocase
        $execute = /Execute(Global)?\s*\(?\s*Request(\.Item|\.Form)?\s*[\[\(]/ nocase
        $process = "Process.Start" nocase
        $cmd = "cmd.exe" nocase
        $request = /Request(\.Form|\.QueryString|\.Item)?\s*[\[\(]/ nocase
    condition:
        $page and ($chopper or $execute or (($process or $cmd) and $request))
}

rule webshell_jsp
{
    meta:
        description = "JSP web shell: runs a command taken from the request"
        description_vi = "Web shell JSP: chạy lệnh lấy từ yêu cầu HTTP"
        scenario = "A3"
    strings:
        $page = "<%" ascii
        $exec = /Runtime\.getRuntime\(\)\.exec\s*\(\s*request\.getParameter/ nocase
        $builder = /new\s+ProcessBuilder\s*\([^)]{0,80}request\.getParameter/ nocase
    condition:
        $page and ($exec or $builder)
}
