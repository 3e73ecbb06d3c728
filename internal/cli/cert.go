package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/module"
)

// certUsage is the usage of `topcop cert`, one line per subcommand.
const certUsage = "cert verify PAYLOAD_OR_IMAGE|- [--keys FILE] [--revocations FILE] [--db DSN]\n" +
	"cert keys [--db DSN]\n" +
	"cert rotate-key [--db DSN]"

// certSummary says what each line of certUsage does.
const certSummary = "check a certificate's QR payload (text, image or -), with no network\n" +
	"print the issuer's published public keys (JSON)\n" +
	"make a new signing key; the old ones stay published"

// runCert is `topcop cert`: verify a certificate offline, print the
// published keys, rotate the signing key. Usage errors exit 2; a
// certificate that is not valid exits 1.
func runCert(ctx context.Context, io IO, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "verify":
		return certVerify(ctx, io, args[1:])
	case "keys", "rotate-key":
		return certKeys(ctx, io, sub, args[1:])
	}
	return certUsageError(io, errors.New("which subcommand?"))
}

// certUsageError says what was wrong and how to call the command; exit 2.
func certUsageError(c IO, err error) error {
	fmt.Fprintf(c.Stderr, "topcop cert: %v\nusage:\n  topcop %s\n", err, strings.ReplaceAll(certUsage, "\n", "\n  topcop "))
	return exitCode(2)
}

// certCannot says in one line why the command cannot check anything as
// it was asked (no keys, no database, a list that is refused); exit 2.
func certCannot(c IO, err error) error {
	fmt.Fprintf(c.Stderr, "topcop cert: %v\n", err)
	return exitCode(2)
}

// certFlags parses a subcommand's flags; the flag package's own messages
// are replaced by one line and the usage, with exit status 2.
func certFlags(fs *flag.FlagSet, cfg *config.Config, c IO, args []string) ([]string, error) {
	quiet := c
	quiet.Stderr = io.Discard
	pos, err := parseFlags(fs, cfg, quiet, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(c.Stdout, "usage:\n  topcop %s\n", strings.ReplaceAll(certUsage, "\n", "\n  topcop "))
		fs.SetOutput(c.Stdout)
		fs.PrintDefaults()
		return nil, err
	}
	if err != nil {
		return nil, certUsageError(c, err)
	}
	return pos, nil
}

// errNoDatabase is the answer when a subcommand needs the database and
// none is there (the SQLite file does not exist, PostgreSQL does not
// answer, or the schema is not the platform's).
type errNoDatabase struct {
	dsn config.DSN
	err error
}

func (e errNoDatabase) Error() string {
	return fmt.Sprintf("no database (%s: %v)", e.dsn.Redacted(), e.err)
}

// openCerts builds the platform on an existing database and returns it
// with the certificates' service. It never creates a database: a
// verification pointed at the wrong file says so instead of making an
// empty one.
func openCerts(ctx context.Context, cfg config.Config) (*app.Platform, *certs.Service, error) {
	if cfg.DB.Engine == config.SQLite {
		if _, err := os.Stat(cfg.DB.Path); err != nil {
			return nil, nil, errNoDatabase{cfg.DB, errors.New("no such file")}
		}
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return nil, nil, errNoDatabase{cfg.DB, err}
	}
	svc, ok := module.Lookup[*certs.Service](a.Env)
	if !ok {
		a.Close()
		return nil, nil, errNoDatabase{cfg.DB, errors.New("the platform has no certificates")}
	}
	return a, svc, nil
}

// certKeys is `cert keys` (the published key set, as JSON) and `cert
// rotate-key` (a new signing key, as the system actor "cli").
func certKeys(ctx context.Context, io IO, sub string, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("cert "+sub, flag.ContinueOnError)
	cfg.DBFlag(fs)
	pos, err := certFlags(fs, &cfg, io, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return certUsageError(io, fmt.Errorf("cert %s takes no argument", sub))
	}
	a, svc, err := openCerts(ctx, cfg)
	if err != nil {
		return certCannot(io, err)
	}
	defer a.Close()
	sctx := systemCtx(ctx)
	if sub == "rotate-key" {
		k, err := svc.RotateKey(sctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "new signing key %s: it signs the certificates issued from now on; the older keys stay published at %s, so what they signed keeps verifying\n", k.Kid, cert.KeysPath)
		return nil
	}
	ks, err := svc.KeySet(sctx)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(ks, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "%s\n", out)
	return nil
}

// certVerify is `cert verify`: it reads a payload (given, in a text, in a
// QR code image, or on standard input) and checks it against the issuer's
// keys from --keys or the database, never the network, and against the
// revocation list from --revocations or the database.
func certVerify(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("cert verify", flag.ContinueOnError)
	cfg.DBFlag(fs)
	keysFile := fs.String("keys", "", "the issuer's key set (JSON as published at "+cert.KeysPath+"); default: the database's")
	listFile := fs.String("revocations", "", "a signed revocation list (JSON as published at "+cert.RevocationsPath+"); default: the database's, if there is one")
	pos, err := certFlags(fs, &cfg, io, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return certUsageError(io, errors.New("give one payload, text, image file or - (standard input)"))
	}

	// The database is read for the keys when no --keys file is given, and
	// for the revocations when no list is given and --db or TOPCOP_DB
	// names one.
	var svc *certs.Service
	if *keysFile == "" || (*listFile == "" && cfg.DB != config.Default().DB) {
		a, s, err := openCerts(ctx, cfg)
		if err != nil && *keysFile == "" {
			return certCannot(io, fmt.Errorf("%w to read the issuer's keys from: give the published key set with --keys FILE", err))
		}
		if err != nil {
			return certCannot(io, fmt.Errorf("%w to read the revocations from: give the published list with --revocations FILE", err))
		}
		defer a.Close()
		svc = s
	}
	sctx := systemCtx(ctx)
	var keys cert.KeySet
	if *keysFile != "" {
		if keys, err = readKeys(*keysFile); err != nil {
			return certCannot(io, err)
		}
	} else if keys, err = svc.KeySet(sctx); err != nil {
		return err
	}
	var list *cert.RevocationList
	switch {
	case *listFile != "":
		l, err := readRevocations(*listFile, keys)
		if err != nil {
			return certCannot(io, err)
		}
		list = &l
	case svc != nil:
		l, err := svc.Revocations(sctx)
		if err != nil {
			return err
		}
		list = &l
	}

	payload, err := certInput(io.Stdin, pos[0])
	if err != nil {
		return err
	}
	claims, err := cert.Verify(payload, keys)
	if err != nil {
		fmt.Fprintf(io.Stdout, "not valid: %v\n", err)
		return exitCode(1)
	}
	var revoked *cert.Revocation
	if list != nil {
		if r, ok := list.Find(claims.Code); ok {
			revoked = &r
		}
	}
	if revoked != nil {
		fmt.Fprintf(io.Stdout, "revoked on %s: %s\n", day(revoked.RevokedAt), revoked.Reason)
	} else {
		fmt.Fprintln(io.Stdout, "valid")
	}
	printClaims(io.Stdout, claims, keys)
	if list == nil {
		fmt.Fprintln(io.Stdout, "revocations: not checked (give the published list with --revocations FILE)")
	} else {
		fmt.Fprintf(io.Stdout, "revocations: checked against the list of %s (%d revoked)\n", moment(list.IssuedAt), len(list.Revoked))
	}
	if revoked != nil {
		return exitCode(1)
	}
	return nil
}

// printClaims writes what a verified payload asserts, one fact a line.
func printClaims(w io.Writer, c cert.Claims, keys cert.KeySet) {
	dates := c.From
	if c.To != c.From {
		dates += " – " + c.To
	}
	key := c.KeyID
	for _, k := range keys.Keys {
		if k.Kid == c.KeyID && k.Retired != "" {
			key += " (retired on " + day(k.Retired) + ": it signs no new certificates; those it signed stay valid)"
		}
	}
	rows := [][2]string{{"name", c.Name}, {"course", c.Course}, {"dates", dates}, {"hours", ""},
		{"code", cert.FormatCode(c.Code)}, {"issuer", c.Issuer}, {"key id", key}}
	if c.Hours > 0 {
		rows[3][1] = strconv.FormatFloat(c.Hours, 'f', -1, 64)
	}
	for _, r := range rows {
		if r[1] != "" {
			fmt.Fprintf(w, "  %-7s %s\n", r[0]+":", r[1])
		}
	}
}

// day is the calendar day (UTC) of an RFC 3339 time, or s as it is.
func day(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.DateOnly)
}

// moment is an RFC 3339 time in UTC to the minute, or s as it is.
func moment(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// readKeys reads a published key set file.
func readKeys(file string) (cert.KeySet, error) {
	data, err := readLimited(file, 1<<20)
	if err != nil {
		return cert.KeySet{}, err
	}
	ks, err := cert.ParseKeySet(data)
	if err != nil {
		return cert.KeySet{}, fmt.Errorf("%s: %w", file, err)
	}
	return ks, nil
}

// readRevocations reads a revocation list file and checks its signature.
func readRevocations(file string, keys cert.KeySet) (cert.RevocationList, error) {
	data, err := readLimited(file, 16<<20)
	if err != nil {
		return cert.RevocationList{}, err
	}
	l, err := cert.ParseRevocations(data, keys)
	if err != nil {
		return cert.RevocationList{}, fmt.Errorf("%s: the revocation list is refused: %w", file, err)
	}
	return l, nil
}

func readLimited(file string, limit int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d MiB", file, limit>>20)
	}
	return data, nil
}

// certInput returns the payload in what `cert verify` was given: "-"
// (standard input), a file, or the text itself. A file or standard input
// is a PNG, JPEG or GIF image of the QR code, or text that holds the
// payload; text that holds none gives "", which Verify calls malformed.
func certInput(stdin io.Reader, arg string) (string, error) {
	name := arg
	var data []byte
	switch fi, err := os.Stat(arg); {
	case arg == "-":
		name = "standard input"
		if data, err = io.ReadAll(io.LimitReader(stdin, cert.MaxImageBytes+1)); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	case err == nil && fi.Mode().IsRegular():
		f, err := os.Open(arg)
		if err != nil {
			return "", err
		}
		defer f.Close()
		// DecodeQR refuses more than it reads.
		if data, err = io.ReadAll(io.LimitReader(f, cert.MaxImageBytes+1)); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	default:
		// Not a file: the payload or a text that holds it. What looks
		// like a file name is one that is missing.
		p := cert.ExtractPayload(arg)
		if p == "" && err != nil && looksLikeFile(arg) {
			return "", err
		}
		return p, nil
	}
	text, err := cert.DecodeQR(bytes.NewReader(data))
	switch {
	case errors.Is(err, cert.ErrNotImage):
		if !utf8.Valid(data) {
			return "", fmt.Errorf("%s: %w, nor text", name, err)
		}
		return cert.ExtractPayload(string(data)), nil
	case err != nil:
		return "", fmt.Errorf("%s: %w", name, err)
	}
	p := cert.ExtractPayload(text)
	if p == "" {
		return "", fmt.Errorf("%s: the QR code holds no certificate payload (it reads %.60q)", name, text)
	}
	return p, nil
}

// looksLikeFile reports whether s reads as a file name rather than a
// payload or a web address.
func looksLikeFile(s string) bool {
	if strings.Contains(s, "://") {
		return false
	}
	lower := strings.ToLower(s)
	for _, ext := range []string{".png", ".jpg", ".jpeg", ".gif", ".txt", ".json"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return strings.ContainsRune(s, os.PathSeparator)
}
