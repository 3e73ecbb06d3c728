package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"log/slog"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/backup"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/tabular"
)

// serveGCPercent is the garbage collector's target for the server when
// GOGC is not set: a request allocates its page or list afresh, and at the
// default (100) the collector ran many times a second under load and
// stretched the slowest responses. Memory stays bounded by GOMEMLIMIT
// when the operator sets one (docs/operations.md).
const serveGCPercent = 400

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}

func runServe(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.ServeFlags(fs)
	withDemo := fs.Bool("demo", false, "load the demo data set into an empty database and print the demo accounts")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	logger := newLogger(cfg, io.Stderr)
	slog.SetDefault(logger)
	tuneGC()
	a, err := app.Open(ctx, cfg, app.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer a.Close()
	if *withDemo {
		if err := loadDemo(ctx, io, a, 1, true); err != nil {
			return err
		}
	}
	srv, err := a.Server()
	if err != nil {
		return err
	}
	hs := srv.HTTPServer(cfg.Addr, slog.NewLogLogger(logger.Handler(), slog.LevelWarn))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 2)
	go func() { errc <- hs.ListenAndServe() }()
	// Periodic jobs (reminders) until shutdown; the rounds running then
	// finish before the database closes.
	jobsCtx, stopJobs := context.WithCancel(ctx)
	waitJobs := a.StartJobs(jobsCtx)
	defer func() { stopJobs(); waitJobs() }()
	// /metrics on an address of its own (say, one only the monitoring
	// network reaches); the main address then does not serve it.
	var ms *http.Server
	if cfg.MetricsAddr != "" {
		ms = &http.Server{Addr: cfg.MetricsAddr, Handler: srv.Metrics(), ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, ErrorLog: hs.ErrorLog}
		go func() { errc <- ms.ListenAndServe() }()
		logger.Info("serving metrics", "addr", "http://"+cfg.MetricsAddr+"/metrics")
	}
	logger.Info("serving", "addr", "http://"+cfg.Addr, "db", cfg.DB.Redacted())
	fmt.Fprintf(io.Stdout, "TOPCOP Platform listening on http://%s (database %s)\n", cfg.Addr, cfg.DB.Redacted())
	select {
	case err := <-errc:
		hs.Close()
		if ms != nil {
			ms.Close()
		}
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if ms != nil {
		_ = ms.Shutdown(sctx)
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

func runMigrate(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg.DBFlag(fs)
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, latest, err := a.DB.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "database %s migrated: schema version %d (latest %d)\n", cfg.DB.Redacted(), cur, latest)
	return nil
}

// userUsage is the usage of `topcop user`, one line per subcommand.
const userUsage = "user create --email E --name N --role R [--country CC] [--agency ID] --password-stdin\n" +
	"user set-password --email E --password-stdin [--reason TEXT]\n" +
	"user reset-2fa --email E [--reason TEXT]"

func runUser(ctx context.Context, io IO, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "create":
		return runUserCreate(ctx, io, args[1:])
	case "set-password":
		return runUserSetPassword(ctx, io, args[1:])
	case "reset-2fa":
		return runUserResetTOTP(ctx, io, args[1:])
	}
	return fmt.Errorf("usage:\n  topcop %s", strings.ReplaceAll(userUsage, "\n", "\n  topcop "))
}

// readPassword reads one line from standard input: the password, which is
// never taken from the command line.
func readPassword(io IO) (string, error) {
	pw, err := bufio.NewReader(io.Stdin).ReadString('\n')
	if err != nil && pw == "" {
		return "", fmt.Errorf("read password from standard input: %v", err)
	}
	return strings.TrimRight(pw, "\r\n"), nil
}

func runUserCreate(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	cfg.DBFlag(fs)
	email := fs.String("email", "", "e-mail address (the sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "role: "+roleList())
	country := fs.String("country", "", "country code of the role's scope (ncp, analyst, observer)")
	agency := fs.String("agency", "", "agency id or code of the role's scope")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	if !*passwordStdin {
		return fmt.Errorf("--password-stdin is required: the password is never taken from the command line")
	}
	pw, err := readPassword(io)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	sctx := systemCtx(ctx)
	g := core.Grant{Role: core.Role(*role), ScopeKind: core.ScopeGlobal}
	switch {
	case *agency != "":
		id := *agency
		if !core.ValidID(id) {
			dir, ok := module.Lookup[auth.Directory](a.Env)
			if !ok {
				return fmt.Errorf("agency %q: no directory to look it up in", *agency)
			}
			ag, err := dir.AgencyIDByCode(sctx, strings.ToUpper(id))
			if err != nil {
				return fmt.Errorf("agency %q: %w", *agency, err)
			}
			id = ag
		}
		g.ScopeKind, g.ScopeID = core.ScopeAgency, id
	case *country != "":
		g.ScopeKind, g.Country = core.ScopeCountry, strings.ToUpper(*country)
	}
	acc, err := a.Auth.CreateAccount(sctx, authInput(*email, *name, pw, g))
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "created account %s <%s> with role %s (%s)\n", acc.ID, acc.Email, *role, scopeText(g))
	return nil
}

// The reasons recorded for the operator's recoveries when --reason is not
// given.
const (
	defaultPasswordReason = "operator recovery: topcop user set-password"
	defaultTOTPReason     = "operator recovery: topcop user reset-2fa"
)

// findAccount looks an account up by e-mail as the system actor, with a
// plain message when there is none.
func findAccount(ctx context.Context, a *app.Platform, email string) (auth.Account, error) {
	if strings.TrimSpace(email) == "" {
		return auth.Account{}, fmt.Errorf("--email is required")
	}
	acc, err := a.Auth.AccountByEmail(ctx, email)
	if core.IsCode(err, core.NotFound) {
		return auth.Account{}, fmt.Errorf("no account with the e-mail address %q", auth.NormalizeEmail(email))
	}
	return acc, err
}

// runUserSetPassword is `topcop user set-password`: an operator sets a new
// password for an account that lost its own (auth.Service.ResetPassword,
// as the system actor "cli"), which revokes every session and API token
// of the account.
func runUserSetPassword(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("user set-password", flag.ContinueOnError)
	cfg.DBFlag(fs)
	email := fs.String("email", "", "e-mail address of the account")
	passwordStdin := fs.Bool("password-stdin", false, "read the new password from standard input")
	reason := fs.String("reason", defaultPasswordReason, "why, for the audit log")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	if !*passwordStdin {
		return fmt.Errorf("--password-stdin is required: the password is never taken from the command line")
	}
	pw, err := readPassword(io)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	sctx := systemCtx(ctx)
	acc, err := findAccount(sctx, a, *email)
	if err != nil {
		return err
	}
	if err := a.Auth.ResetPassword(sctx, acc.ID, pw, *reason); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "password of %s <%s> set; its sessions and API tokens are revoked\n", acc.ID, acc.Email)
	return nil
}

// runUserResetTOTP is `topcop user reset-2fa`: an operator clears the
// second factor and recovery codes of an account that lost its phone
// (auth.Service.ResetTOTP, as the system actor "cli"), which revokes every
// session and API token of the account.
func runUserResetTOTP(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("user reset-2fa", flag.ContinueOnError)
	cfg.DBFlag(fs)
	email := fs.String("email", "", "e-mail address of the account")
	reason := fs.String("reason", defaultTOTPReason, "why, for the audit log")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	sctx := systemCtx(ctx)
	acc, err := findAccount(sctx, a, *email)
	if err != nil {
		return err
	}
	if err := a.Auth.ResetTOTP(sctx, acc.ID, *reason); err != nil {
		return err
	}
	next := "it may set up a new one from its account page"
	if acc.NeedsTOTP() {
		next = "its role requires one: it sets up a new one at its next sign-in"
	}
	fmt.Fprintf(io.Stdout, "second factor of %s <%s> reset, recovery codes deleted, sessions and API tokens revoked; %s\n", acc.ID, acc.Email, next)
	return nil
}

func roleList() string {
	var s []string
	for _, r := range core.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func scopeText(g core.Grant) string {
	switch g.ScopeKind {
	case core.ScopeCountry:
		return "country " + g.Country
	case core.ScopeAgency:
		return "agency " + g.ScopeID
	}
	return "global"
}

func runDemo(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.DBFlag(fs)
	scale := fs.Int("scale", 1, "multiply the data set N times (for load tests)")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	if *scale < 1 || *scale > 1000 {
		return fmt.Errorf("--scale must be between 1 and 1000")
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	return loadDemo(ctx, io, a, *scale, false)
}

// loadDemo loads every capability's demo data into an empty platform.
// With onlyIfEmpty a platform holding data is left alone (serve --demo on
// a second start).
func loadDemo(ctx context.Context, io IO, a *app.Platform, scale int, onlyIfEmpty bool) error {
	start := time.Now()
	progress := func(done, total int) {
		fmt.Fprintf(io.Stderr, "\rloading demo data: %d/%d", done, total)
		if done == total {
			fmt.Fprintln(io.Stderr)
		}
	}
	run, err := a.LoadDemo(ctx, scale, progress)
	if errors.Is(err, app.ErrNotEmpty) && onlyIfEmpty {
		fmt.Fprintln(io.Stdout, "database already holds data; demo data not loaded again. Demo accounts (if loaded before):")
		demo.PrintAccounts(io.Stdout)
		return nil
	}
	if err != nil {
		return err
	}
	var counts []string
	for _, c := range run.Counts {
		counts = append(counts, fmt.Sprintf("%d %s", c.N, c.Kind))
	}
	fmt.Fprintf(io.Stdout, "demo data loaded in %s: %s\n", time.Since(start).Round(time.Millisecond), strings.Join(counts, ", "))
	demo.PrintAccounts(io.Stdout)
	return nil
}

func runImport(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	cfg.DBFlag(fs)
	dry := fs.Bool("dry-run", false, "validate only; write nothing")
	pos, err := parseFlags(fs, &cfg, io, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return fmt.Errorf("usage: topcop import KIND FILE [--dry-run] (KIND: %s)", transferKinds())
	}
	kind, file := pos[0], pos[1]
	format, err := tabular.FormatOf(file, "")
	if err != nil {
		return fmt.Errorf("%s: use a .csv or .xlsx file", file)
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	tr, kinds, ok := a.Transfer(kind)
	if !ok || tr.Import == nil {
		return fmt.Errorf("unknown kind %q: %s", kind, strings.Join(kinds, ", "))
	}
	rep, err := tr.Import(systemCtx(ctx), a.Env, f, format, *dry)
	for _, e := range rep.Errors {
		fmt.Fprintf(io.Stderr, "%s: line %d: %s: %s %s\n", filepath.Base(file), e.Line, e.Column, e.Code, e.Param)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(io.Stderr, "%s: line %d: warning: %s: %s\n", filepath.Base(file), w.Line, w.Code, w.Detail)
	}
	if err != nil {
		if len(rep.Errors) > 0 {
			fmt.Fprintf(io.Stderr, "%d errors in %d rows; nothing was imported\n", len(rep.Errors), rep.Rows)
			return exitCode(1)
		}
		return err
	}
	verb := "imported"
	if *dry {
		verb = "validated (dry run, nothing written)"
	}
	fmt.Fprintf(io.Stdout, "%s %d rows: %d created, %d updated, %d warnings\n", verb, rep.Rows, rep.Created, rep.Updated, len(rep.Warnings))
	return nil
}

func runExport(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	cfg.DBFlag(fs)
	formatName := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "output file (default: standard output)")
	pos, err := parseFlags(fs, &cfg, io, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: topcop export KIND [--format csv|xlsx] [--out FILE] (KIND: %s)", transferKinds())
	}
	format := tabular.Format(*formatName)
	if format != tabular.CSV && format != tabular.XLSX {
		return fmt.Errorf("--format must be csv or xlsx")
	}
	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	tr, kinds, ok := a.Transfer(pos[0])
	if !ok || tr.Export == nil {
		return fmt.Errorf("unknown kind %q: %s", pos[0], strings.Join(kinds, ", "))
	}
	w := io.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return tr.Export(systemCtx(ctx), a.Env, w, format)
}

func runBackup(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	cfg.DBFlag(fs)
	out := fs.String("out", "", "backup file to write")
	if _, err := parseFlags(fs, &cfg, io, args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("--out FILE is required")
	}
	a, err := app.Open(ctx, cfg, app.Options{NoMigrate: true, Bare: true})
	if err != nil {
		return err
	}
	defer a.Close()
	tmp := *out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	sum, err := backup.Write(ctx, a.DB, a.BackupPlan(), f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "backup written to %s: schema version %d, %d rows in %d tables\n", *out, sum.SchemaVersion, sum.Total(), len(sum.Rows))
	return nil
}

func runRestore(ctx context.Context, io IO, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	cfg.DBFlag(fs)
	pos, err := parseFlags(fs, &cfg, io, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: topcop restore FILE [--db DSN]")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer f.Close()
	a, err := app.Open(ctx, cfg, app.Options{Bare: true})
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := backup.Restore(ctx, a.DB, a.BackupPlan(), f)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "restored %d rows in %d tables into %s (schema version %d)\n", sum.Total(), len(sum.Rows), cfg.DB.Redacted(), sum.SchemaVersion)
	return nil
}

const auditUsage = "usage: topcop audit verify [--checkpoint FILE] | checkpoint [--out FILE] | keygen --out FILE  [--db DSN] [--audit-key FILE]"

// runAudit checks the audit chain (verify), signs and exports its head
// (checkpoint) or makes a checkpoint key (keygen).
func runAudit(ctx context.Context, io IO, args []string) error {
	if len(args) == 0 {
		return errors.New(auditUsage)
	}
	sub := args[0]
	cfg := config.Default()
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	var cpFile, out string
	switch sub {
	case "verify":
		cfg.DBFlag(fs)
		cfg.AuditKeyFlag(fs)
		fs.StringVar(&cpFile, "checkpoint", "", "also check the chain against this exported checkpoint (from topcop audit checkpoint)")
	case "checkpoint":
		cfg.DBFlag(fs)
		cfg.AuditKeyFlag(fs)
		fs.StringVar(&out, "out", "", "write the signed checkpoint to this file (default: standard output)")
	case "keygen":
		fs.StringVar(&out, "out", "", "write the new key to this file (created 0600, never overwritten)")
	default:
		return errors.New(auditUsage)
	}
	pos, err := parseFlags(fs, &cfg, io, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return errors.New(auditUsage)
	}
	if sub == "keygen" {
		return auditKeygen(io, out)
	}
	key, err := audit.LoadKey(cfg.AuditKeyFile, cfg.AuditKey)
	if err != nil {
		return err
	}
	if key == nil {
		fmt.Fprintln(io.Stderr, "warning: "+audit.CheckpointsOff+".")
		if sub == "checkpoint" {
			return errors.New("audit checkpoint needs a key: --audit-key FILE, TOPCOP_AUDIT_KEY_FILE or TOPCOP_AUDIT_KEY (make one with topcop audit keygen --out FILE)")
		}
	}
	var given []audit.Checkpoint
	if cpFile != "" {
		if key == nil {
			return errors.New("--checkpoint needs the audit key to check its signature")
		}
		f, err := os.Open(cpFile)
		if err != nil {
			return err
		}
		c, err := audit.ReadCheckpoint(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", cpFile, err)
		}
		given = append(given, c)
	}
	opts := app.Options{NoMigrate: true, Bare: true}
	if sub == "checkpoint" {
		opts.NoMigrate = false // it writes: the checkpoints table must exist
	}
	a, err := app.Open(ctx, cfg, opts)
	if err != nil {
		return err
	}
	defer a.Close()
	a.Audit.UseKey(key)
	if sub == "checkpoint" {
		return auditCheckpoint(ctx, io, a, out)
	}
	res, err := a.Audit.Verify(ctx, given...)
	if err != nil {
		return err
	}
	if !res.OK() {
		fmt.Fprintf(io.Stdout, "audit chain BROKEN at entry %d: %s (%d entries verified before it)\n", res.Bad, res.Problem, res.Entries)
		return exitCode(1)
	}
	fmt.Fprintf(io.Stdout, "audit chain intact: %d entries, head %s\n", res.Entries, res.Head)
	switch {
	case res.KeyOff:
		fmt.Fprintln(io.Stdout, "checkpoints: not checked (no key)")
	case res.Latest == nil:
		fmt.Fprintf(io.Stdout, "checkpoints: none signed by key %s yet; no entry is covered\n", key.ID())
	default:
		fmt.Fprintf(io.Stdout, "checkpoints: %d matched (key %s), the latest covers entry %d (%s); %d entries written since are not covered yet\n",
			res.Checkpoints, key.ID(), res.Latest.Seq, res.Latest.When(), res.Uncovered())
	}
	if res.OtherKeys > 0 {
		fmt.Fprintf(io.Stdout, "checkpoints: %d signed by other keys were not checked\n", res.OtherKeys)
	}
	return nil
}

// auditCheckpoint signs the chain head and writes it to out (or stdout).
func auditCheckpoint(ctx context.Context, io IO, a *app.Platform, out string) error {
	c, err := a.Audit.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if out == "" {
		return audit.WriteCheckpoint(io.Stdout, c)
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := audit.WriteCheckpoint(f, c); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "checkpoint of entry %d (hash %s, key %s) written to %s: keep it away from the database server\n", c.Seq, c.Hash, c.KeyID, out)
	return nil
}

// auditKeygen writes a new checkpoint key to out, never over a file.
func auditKeygen(io IO, out string) error {
	if out == "" {
		return errors.New("audit keygen needs --out FILE (the key is a secret: it is not printed)")
	}
	seed, err := audit.NewKeySeed()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, seed); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	k, err := audit.ParseKey(seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "audit key %s written to %s: keep it off the database server's disk if you can, and pass it with --audit-key or TOPCOP_AUDIT_KEY_FILE\n", k.ID(), out)
	return nil
}

func authInput(email, name, password string, g core.Grant) auth.AccountInput {
	return auth.AccountInput{Email: email, Name: name, Password: password, Grants: []core.Grant{g}}
}
