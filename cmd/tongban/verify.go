package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tongban/tongban/internal/license"
)

// checkNames are the Chinese and English names of the offline checks.
var checkNames = map[string]string{
	"format":        "文件格式 file format",
	"content":       "签名内容 signed content",
	"identifier":    "证照标识校验位 identifier check character",
	"keys":          "公布的密钥 published keys",
	"sm2":           "电子印章 SM2 签名 seal SM2 signature",
	"seal_validity": "印章签章时有效 seal valid when it signed",
	"jws":           "JWS 签名 JWS signature",
	"checkpoint":    "日志检查点签名 log checkpoint signature",
	"inclusion":     "存证日志包含证明 inclusion in the log",
}

// verify checks a license file offline: `tongban verify [--keys KEYS] FILE`.
// It exits 0 only when every check passes.
func verify(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stdout)
	keysPath := fs.String("keys", "", "the platform's published keys (GET /api/v1/licenses/keys) to pin; without, the file's own keys are used")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "usage: tongban verify [--keys KEYS.json] LICENSE.json")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("verify takes one license file")
	}
	file, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	var pinned *license.KeysDocument
	if *keysPath != "" {
		b, err := os.ReadFile(*keysPath)
		if err != nil {
			return err
		}
		pinned = &license.KeysDocument{}
		if err := json.Unmarshal(b, pinned); err != nil {
			return fmt.Errorf("keys file %s: %w", *keysPath, err)
		}
	}
	r := license.VerifyFile(file, pinned)
	printReport(stdout, r)
	if !r.Valid {
		var reasons []string
		for _, c := range r.Failed() {
			reasons = append(reasons, c.Name+": "+c.Detail)
		}
		return fmt.Errorf("license file does not verify (证照文件核验未通过): %s", strings.Join(reasons, "; "))
	}
	return nil
}

func printReport(w io.Writer, r license.FileReport) {
	fmt.Fprintf(w, "证照标识 Identifier: %s\n", r.Identifier)
	if c := r.Content; c.Identifier != "" {
		until := c.ValidUntil
		if until == "" {
			until = "长期 no end"
		}
		fmt.Fprintf(w, "证照 License: %s（%s）第 %d 版 version %d\n", c.Type.Name, c.Number, c.Version, c.Version)
		fmt.Fprintf(w, "持证主体 Holder: %s · 颁发机构 Issuer: %s · 有效期 Valid: %s – %s\n", c.Holder.Name, c.Issuer.Name, c.ValidFrom, until)
	}
	for _, c := range r.Checks {
		mark := "✔ 通过 ok  "
		if !c.OK {
			mark = "✘ 失败 FAIL"
		}
		fmt.Fprintf(w, "%s  %s — %s\n", mark, checkNames[c.Name], c.Detail)
	}
	if !r.Pinned {
		fmt.Fprintln(w, "注意 Note: 未指定 --keys，使用文件自带的公钥；请以平台公布的密钥核对。 Keys not pinned: the file's own keys were used.")
	}
	if r.Valid {
		fmt.Fprintln(w, "结论 Result: 签名与存证有效（离线核验；证照当前状态请扫码在线核验）。 Genuine: signatures and log inclusion verify (offline; check the current status online).")
	} else {
		fmt.Fprintln(w, "结论 Result: 核验未通过，该文件不可信。 NOT genuine: do not rely on this file.")
	}
}
