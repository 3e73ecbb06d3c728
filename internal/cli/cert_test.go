package cli_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	qrencode "github.com/skip2/go-qrcode"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/cli"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
)

// runIn runs the command with stdin and the environment env (nothing
// else of the process's).
func runIn(t *testing.T, stdin []byte, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.IO{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	return result{code, out.String(), errb.String()}
}

// issuer is a key set with a retired key and the current one, published
// to a file, and a signed revocation list file.
type issuer struct {
	old, cur         *cert.SigningKey
	keys             cert.KeySet
	keysFile         string
	listFile, dir    string
	revokedCode      string
	revokedOn        string
	revokedReason    string
	validCode, third string
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	day := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	old, err := cert.NewSigningKey(day.AddDate(-2, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	old.RetiredAt = day.AddDate(-1, 0, 0)
	cur, err := cert.NewSigningKey(old.RetiredAt)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{old: old, cur: cur, dir: t.TempDir(), validCode: "7KQ2M9XA4HD3RT6W", revokedCode: "0000111122223333",
		revokedOn: "2026-11-20T10:00:00Z", revokedReason: "Issued to the wrong person", third: "ABCDEFGHJKMNPQRS"}
	is.keys = cert.PublicKeySet("TOPCOP Secretariat", []*cert.SigningKey{old, cur})
	is.keysFile = is.write(t, "keys.json", mustJSON(t, is.keys))
	list, err := cert.SignRevocations(cert.RevocationList{Issuer: "TOPCOP Secretariat", IssuedAt: day.Format(time.RFC3339),
		Revoked: []cert.Revocation{{Code: is.revokedCode, RevokedAt: is.revokedOn, Reason: is.revokedReason}}}, cur)
	if err != nil {
		t.Fatal(err)
	}
	is.listFile = is.write(t, "revocations.json", mustJSON(t, list))
	return is
}

func (is *issuer) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(is.dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (is *issuer) sign(t *testing.T, code string, k *cert.SigningKey) string {
	t.Helper()
	p, err := cert.Sign(cert.Claims{Code: code, Name: "Olena Bondar", Course: "Cybercrime investigations", From: "2026-03-02",
		To: "2026-03-06", Hours: 16, Issuer: "TOPCOP Secretariat"}, k)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func qrPNG(t *testing.T, text string) []byte {
	t.Helper()
	png, err := qrencode.Encode(text, qrencode.Medium, 400)
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// pngClaiming is a PNG header (with a correct checksum) that claims
// width×height pixels.
func pngClaiming(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := make([]byte, 17)
	copy(chunk, "IHDR")
	binary.BigEndian.PutUint32(chunk[4:], width)
	binary.BigEndian.PutUint32(chunk[8:], height)
	chunk[12], chunk[13] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// TestCertVerifyFiles: `topcop cert verify` with the published keys and
// list as files, no database: the QR image, its text, the payload and
// standard input verify; a changed byte, an unknown key, a revoked code,
// a tampered list and bad images each give one clear line and the exit
// status of their kind.
func TestCertVerifyFiles(t *testing.T) {
	is := newIssuer(t)
	valid := is.sign(t, is.validCode, is.cur)
	qrText := cert.QRText("https://topcop.example.org", is.validCode, valid)
	qrFile := is.write(t, "certificate.png", qrPNG(t, qrText))
	withKeys := []string{"cert", "verify", "--keys", is.keysFile}

	r := runIn(t, nil, nil, append(withKeys, qrFile)...)
	if r.code != 0 {
		t.Fatalf("verify the QR image: %+v", r)
	}
	lines := strings.Split(r.stdout, "\n")
	if lines[0] != "valid" {
		t.Fatalf("first line %q, want valid", lines[0])
	}
	for _, want := range []string{"name:   Olena Bondar", "course: Cybercrime investigations", "dates:  2026-03-02 – 2026-03-06", "hours:  16",
		"code:   7KQ2-M9XA-4HD3-RT6W", "issuer: TOPCOP Secretariat", "key id: " + is.cur.ID + "\n", "revocations: not checked"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}

	// The same certificate from its text, its payload and standard input.
	for name, tc := range map[string]struct {
		stdin []byte
		arg   string
	}{
		"QR text":        {nil, qrText},
		"payload":        {nil, valid},
		"image on stdin": {qrPNG(t, qrText), "-"},
		"text on stdin":  {[]byte("scanned: " + qrText + "\n"), "-"},
		"text file":      {nil, is.write(t, "scan.txt", []byte(qrText+"\n"))},
	} {
		if r := runIn(t, tc.stdin, nil, append(withKeys, tc.arg)...); r.code != 0 || !strings.HasPrefix(r.stdout, "valid\n") {
			t.Errorf("%s: %+v", name, r)
		}
	}

	// Signed by the retired key: valid, and the key says it is retired.
	r = runIn(t, nil, nil, append(withKeys, is.sign(t, is.validCode, is.old))...)
	if r.code != 0 || !strings.Contains(r.stdout, is.old.ID+" (retired on "+is.old.RetiredAt.Format(time.DateOnly)) {
		t.Fatalf("retired key: %+v", r)
	}

	// Revoked, with the list checked against the keys.
	r = runIn(t, nil, nil, append(withKeys, "--revocations", is.listFile, is.sign(t, is.revokedCode, is.cur))...)
	if r.code != 1 || !strings.HasPrefix(r.stdout, "revoked on 2026-11-20: Issued to the wrong person\n") ||
		!strings.Contains(r.stdout, "revocations: checked against the list of 2026-12-03 09:00 UTC (1 revoked)") {
		t.Fatalf("revoked: %+v", r)
	}
	if r := runIn(t, nil, nil, append(withKeys, "--revocations", is.listFile, qrFile)...); r.code != 0 || !strings.Contains(r.stdout, "checked against") {
		t.Fatalf("valid with the list: %+v", r)
	}

	stranger, err := cert.NewSigningKey(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	otherQR := is.write(t, "other.png", qrPNG(t, "https://example.org/not-a-certificate"))
	var blank bytes.Buffer
	png.Encode(&blank, image.NewGray(image.Rect(0, 0, 300, 300)))
	random := make([]byte, 5000)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	huge := is.write(t, "huge.png", pngClaiming(100000, 100000))
	big := is.write(t, "big.png", qrPNG(t, qrText))
	if err := os.Truncate(big, 30<<20); err != nil {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(mustJSON(t, readJSON(t, is.listFile))), is.revokedReason, "Withdrawn", 1)

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // the one line, on standard output …
		stderr string // … or on standard error
	}{
		{"one changed byte", []string{valid[:len(valid)-20] + oneOther(valid[len(valid)-20]) + valid[len(valid)-19:]}, 1, "not valid: the signature does not match: the payload was changed or forged\n", ""},
		{"a changed name", []string{changedName(t, valid)}, 1, "not valid: the signature does not match: the payload was changed or forged\n", ""},
		{"a changed claim", []string{strings.Replace(valid, "eyJj", "eyJk", 1)}, 1, "not valid: not a certificate payload\n", ""},
		{"unknown key", []string{is.sign(t, is.validCode, stranger)}, 1, "not valid: signed by a key that is not one of the issuer's\n", ""},
		{"a text with no payload", []string{"https://topcop.example.org/verify/7KQ2-M9XA-4HD3-RT6W"}, 1, "not valid: not a certificate payload\n", ""},
		{"random bytes", []string{is.write(t, "random.png", random)}, 1, "", "not a PNG, JPEG or GIF image, nor text"},
		{"100000×100000 pixels", []string{huge}, 1, "", "the image is too large"},
		{"a 30 MB file", []string{big}, 1, "", "the image is too large"},
		{"no QR code", []string{is.write(t, "blank.png", blank.Bytes())}, 1, "", "no readable QR code in the image"},
		{"another QR code", []string{otherQR}, 1, "", "the QR code holds no certificate payload"},
		{"a missing file", []string{filepath.Join(is.dir, "missing.png")}, 1, "", "no such file"},
		{"a tampered list", []string{"--revocations", is.write(t, "tampered.json", []byte(tampered)), valid}, 2, "", "the revocation list is refused: the signature does not match"},
		{"a list of another key", []string{"--revocations", is.keysFile, valid}, 2, "", "the revocation list is refused: not a revocation list"},
		{"a key file that is not one", []string{"--keys", is.listFile, valid}, 2, "", "the key set holds no key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, nil, nil, append(withKeys, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d: %+v", r.code, tc.code, r)
			}
			if tc.stdout != "" && r.stdout != tc.stdout {
				t.Fatalf("stdout %q, want %q", r.stdout, tc.stdout)
			}
			if tc.stderr != "" && (!strings.Contains(r.stderr, tc.stderr) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 3 || strings.Contains(r.stderr, "goroutine")) {
				t.Fatalf("stderr %q, want one line with %q", r.stderr, tc.stderr)
			}
		})
	}
}

// oneOther is another character of base64url than c.
func oneOther(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// changedName is payload p with another name under its signature.
func changedName(t *testing.T, p string) string {
	t.Helper()
	parts := strings.Split(p, ".")
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte("Olena"), []byte("Alena"), 1)
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(body) + "." + parts[2]
}

func readJSON(t *testing.T, file string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCertUsage: usage errors and a verification with nowhere to read
// keys from exit 2 and say so; no database file is created.
func TestCertUsage(t *testing.T) {
	is := newIssuer(t)
	none := filepath.Join(t.TempDir(), "none.db")
	env := map[string]string{"TOPCOP_DB": "sqlite:" + none}
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"no subcommand", []string{"cert"}, "usage:"},
		{"unknown subcommand", []string{"cert", "sign"}, "usage:"},
		{"no argument", []string{"cert", "verify", "--keys", is.keysFile}, "give one payload"},
		{"two arguments", []string{"cert", "verify", "--keys", is.keysFile, "a", "b"}, "give one payload"},
		{"unknown flag", []string{"cert", "verify", "--key", is.keysFile, "x"}, "flag provided but not defined: -key"},
		{"keys with an argument", []string{"cert", "keys", "x"}, "takes no argument"},
		{"no keys and no database", []string{"cert", "verify", "TC1.x.y"}, "no database (sqlite:" + none + ": no such file) to read the issuer's keys from: give the published key set with --keys FILE"},
		{"keys, no database", []string{"cert", "keys"}, "no database"},
		{"rotate, no database", []string{"cert", "rotate-key"}, "no database"},
		{"a list, no database", []string{"cert", "verify", "--keys", is.keysFile, "TC1.x.y"}, "to read the revocations from: give the published list with --revocations FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, nil, env, tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.says) {
				t.Fatalf("%+v: want exit 2 saying %q", r, tc.says)
			}
		})
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Fatalf("the database %s was created: %v", none, err)
	}
	if r := runIn(t, nil, nil, "cert", "verify", "-h"); r.code != 0 || !strings.Contains(r.stdout, "-revocations") {
		t.Fatalf("help: %+v", r)
	}
	if r := runIn(t, nil, nil, "help"); !strings.Contains(r.stdout, "topcop cert verify PAYLOAD_OR_IMAGE") {
		t.Fatalf("the command list lacks cert: %s", r.stdout)
	}
}

// TestCertCommandsOnBothEngines: on a database holding the demo's
// certificates, verify reads the keys and the revocations from it; keys
// prints the published set; after rotate-key the old certificates still
// verify, from the database and from the published set saved to a file.
func TestCertCommandsOnBothEngines(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := dbtest.DSN(t, engine).String()
			if r := run(t, "", "demo", "--db", dsn); r.code != 0 {
				t.Fatalf("demo: %+v", r)
			}
			valid, revoked := demoCertificates(t, dsn)
			db := []string{"--db", dsn}

			r := run(t, "", append([]string{"cert", "verify", valid.Payload}, db...)...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "valid\n") || !strings.Contains(r.stdout, cert.FormatCode(valid.Code)) ||
				!strings.Contains(r.stdout, valid.Name) || !strings.Contains(r.stdout, "revocations: checked against the list of") {
				t.Fatalf("verify from the database: %+v", r)
			}
			r = run(t, "", append([]string{"cert", "verify", revoked.Payload}, db...)...)
			if want := "revoked on " + revoked.RevokedAt.UTC().Format(time.DateOnly) + ": " + certs.DemoRevokeReason + "\n"; r.code != 1 || !strings.HasPrefix(r.stdout, want) {
				t.Fatalf("revoked from the database: %+v, want %q", r, want)
			}

			r = run(t, "", append([]string{"cert", "keys"}, db...)...)
			before, err := cert.ParseKeySet([]byte(r.stdout))
			if r.code != 0 || err != nil || len(before.Keys) != 1 || before.Keys[0].Kid != valid.KeyID {
				t.Fatalf("keys: %+v (%v)", r, err)
			}
			r = run(t, "", append([]string{"cert", "rotate-key"}, db...)...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "new signing key ") {
				t.Fatalf("rotate-key: %+v", r)
			}
			kid := strings.TrimSuffix(strings.Fields(r.stdout)[3], ":")
			r = run(t, "", append([]string{"cert", "keys"}, db...)...)
			after, err := cert.ParseKeySet([]byte(r.stdout))
			if err != nil || len(after.Keys) != 2 {
				t.Fatalf("keys after the rotation: %+v (%v)", r, err)
			}
			for _, k := range after.Keys {
				if retired := k.Kid == valid.KeyID; retired != (k.Retired != "") || (k.Kid != kid && !retired) {
					t.Fatalf("after rotating to %s: %+v", kid, after.Keys)
				}
			}
			r = run(t, "", append([]string{"cert", "verify", valid.Payload}, db...)...)
			if r.code != 0 || !strings.Contains(r.stdout, valid.KeyID+" (retired on ") {
				t.Fatalf("old certificate after the rotation: %+v", r)
			}
			// The published set saved to a file: no database at all.
			keysFile := filepath.Join(t.TempDir(), "keys.json")
			if err := os.WriteFile(keysFile, mustJSON(t, after), 0o644); err != nil {
				t.Fatal(err)
			}
			r = runIn(t, nil, nil, "cert", "verify", "--keys", keysFile, cert.QRText("https://topcop.example.org", valid.Code, valid.Payload))
			if r.code != 0 || !strings.Contains(r.stdout, "revocations: not checked") {
				t.Fatalf("old certificate with the published keys: %+v", r)
			}
		})
	}
}

// demoCertificates reads a valid and the revoked certificate of the demo
// through the certificates' service.
func demoCertificates(t *testing.T, dsn string) (valid, revoked cert.Certificate) {
	t.Helper()
	d, err := config.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DB = d
	ctx := core.WithActor(context.Background(), core.SystemActor("test"))
	a, err := app.Open(ctx, cfg, app.Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	svc := module.Use[*certs.Service](a.Env)
	list, err := svc.Revocations(ctx)
	if err != nil || len(list.Revoked) == 0 {
		t.Fatalf("demo revocations: %+v (%v)", list, err)
	}
	if revoked, err = svc.Get(ctx, list.Revoked[0].Code); err != nil {
		t.Fatal(err)
	}
	all, err := svc.List(ctx, revoked.ActivityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.Status == cert.StatusValid {
			return c, revoked
		}
	}
	t.Fatalf("no valid certificate beside the revoked one in activity %s", revoked.ActivityID)
	return
}
