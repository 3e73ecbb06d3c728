// Package notifytest helps test code that sends mail: a real SMTP server
// in-process (github.com/emersion/go-smtp) that speaks STARTTLS or TLS
// with a certificate of its own, checks a password, can refuse attempts
// (a relay that is down), and collects the messages it accepts, decoded;
// worker options that make the queue quick; and a greeting template in
// all seven languages.
//
//	srv := notifytest.Start(t)
//	e := apptest.New(t, engine, apptest.Config(func(c *config.Config) { c.SMTP = srv.Config(t) }))
//	svc := apptest.Use[*notify.Service](e)
//	notifytest.Quick(t, svc)
//	notifytest.Register(t, svc)
//	… send in a db.Write …
//	msgs := srv.Wait(t, 1)
package notifytest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/notify"
)

// User and Password are what the server accepts (AUTH PLAIN, after TLS).
const (
	User     = "topcop"
	Password = "relay s3cret"
)

// From is the sender the server's relay address names.
const From = "TOPCOP test <noreply@topcop.test>"

// Message is one accepted message, decoded.
type Message struct {
	From string
	To   []string
	// Raw is the message as received.
	Raw    []byte
	Header mail.Header
	// MessageID is the Message-ID header; Subject is decoded (RFC 2047).
	MessageID, Subject string
	// Text and HTML are the decoded bodies, with LF line ends (CRLF on
	// the wire).
	Text, HTML string
}

// Server is an SMTP server on 127.0.0.1 that keeps what it accepts.
type Server struct {
	srv      *smtp.Server
	addr     string
	caFile   string
	implicit bool

	mu       sync.Mutex
	msgs     []Message
	attempts int // MAIL FROM commands seen
	refuse   int // attempts still to refuse
	changed  chan struct{}
}

// Option adjusts Start.
type Option func(*Server)

// ImplicitTLS makes the server speak TLS from the first byte (smtps://);
// by default it offers STARTTLS (smtp://).
func ImplicitTLS() Option { return func(s *Server) { s.implicit = true } }

// Refuse makes the server answer the first n attempts (MAIL FROM) with a
// temporary failure (451), as a relay that is down for a while.
func Refuse(n int) Option { return func(s *Server) { s.refuse = n } }

// Start starts a server, stopped when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}
	cert, caPEM, err := selfSigned()
	if err != nil {
		t.Fatalf("notifytest: certificate: %v", err)
	}
	s.caFile = filepath.Join(t.TempDir(), "smtp-ca.pem")
	if err := os.WriteFile(s.caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	tc := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.TLSConfig = tc
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ErrorLog = discard{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("notifytest: listen: %v", err)
	}
	if s.implicit {
		l = tls.NewListener(l, tc)
	}
	s.addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.srv.Serve(l)
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		<-done
	})
	return s
}

// URL is the server's relay address, as --smtp takes it.
func (s *Server) URL() string {
	scheme := "smtp"
	if s.implicit {
		scheme = "smtps"
	}
	q := url.Values{"from": {From}, "ca": {s.caFile}}
	u := url.URL{Scheme: scheme, User: url.UserPassword(User, Password), Host: s.addr, RawQuery: q.Encode()}
	return u.String()
}

// Config is the server's relay address parsed, for config.Config.SMTP.
func (s *Server) Config(t testing.TB) config.SMTP {
	t.Helper()
	c, err := config.ParseSMTP(s.URL())
	if err != nil {
		t.Fatalf("notifytest: %v", err)
	}
	return c
}

// SetRefuse makes the server refuse the next n attempts.
func (s *Server) SetRefuse(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = n
}

// Attempts counts the attempts (MAIL FROM) the server saw, refused or
// not.
func (s *Server) Attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attempts
}

// Messages returns the messages accepted so far, in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns the messages once at least n have arrived. It fails the
// test if they have not within a minute (a stuck queue, not a slow one:
// the bound only keeps a broken test from hanging).
func (s *Server) Wait(t testing.TB, n int) []Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	msgs, err := s.WaitContext(ctx, n)
	if err != nil {
		t.Fatalf("notifytest: %d of %d messages arrived: %v", len(msgs), n, err)
	}
	return msgs
}

// WaitContext is Wait bounded by ctx.
func (s *Server) WaitContext(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		msgs, ch := append([]Message(nil), s.msgs...), s.changed
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs, nil
		}
		select {
		case <-ctx.Done():
			return msgs, ctx.Err()
		case <-ch:
		}
	}
}

func (s *Server) accept(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// session is one SMTP connection.
type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

var _ smtp.AuthSession = (*session)(nil)

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != User || password != Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad user name or password"}
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.authed {
		return smtp.ErrAuthRequired
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.attempts++
	if x.s.refuse > 0 {
		x.s.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := decode(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "cannot parse the message: " + err.Error()}
	}
	m.From, m.To = x.from, x.to
	x.s.accept(m)
	return nil
}

func (x *session) Reset() { x.from, x.to = "", nil }

func (x *session) Logout() error { return nil }

// decode parses a received message: its headers, decoded subject and the
// text and HTML parts.
func decode(raw []byte) (Message, error) {
	pm, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Raw: raw, Header: pm.Header, MessageID: pm.Header.Get("Message-ID")}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(pm.Header.Get("Subject")); err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	err = walk(textproto(pm.Header), pm.Body, &m)
	return m, err
}

// textproto reads the content headers of h.
func textproto(h mail.Header) map[string]string {
	return map[string]string{
		"Content-Type":              h.Get("Content-Type"),
		"Content-Transfer-Encoding": h.Get("Content-Transfer-Encoding"),
	}
}

func walk(h map[string]string, body io.Reader, m *Message) error {
	mt, params, err := mime.ParseMediaType(h["Content-Type"])
	if err != nil {
		return fmt.Errorf("content type %q: %w", h["Content-Type"], err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			ph := map[string]string{"Content-Type": p.Header.Get("Content-Type"), "Content-Transfer-Encoding": p.Header.Get("Content-Transfer-Encoding")}
			if err := walk(ph, p, m); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(h["Content-Transfer-Encoding"]) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		return errors.New("base64 bodies are not expected")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		return fmt.Errorf("charset %s, want UTF-8", cs)
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch mt {
	case "text/plain":
		m.Text = text
	case "text/html":
		m.HTML = text
	}
	return nil
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, valid for
// a day, and its PEM (which is also the CA to trust).
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "notifytest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	return cert, certPEM, err
}

// discard drops the server's log lines (a refused attempt is expected).
type discard struct{}

func (discard) Printf(string, ...any) {}
func (discard) Println(...any)        {}

// QuickWorker are worker options for tests: polling every 10ms, retries
// after 10ms, 20ms, 40ms… (at most 200ms), five attempts.
func QuickWorker() notify.WorkerOptions {
	return notify.WorkerOptions{Workers: 4, Poll: 10 * time.Millisecond, Visibility: 30 * time.Second,
		RetryBase: 10 * time.Millisecond, RetryMax: 200 * time.Millisecond, MaxAttempts: 5, Grace: 5 * time.Second}
}

// Quick restarts the worker of svc with QuickWorker options, and stops
// it when the test ends (before the database closes).
func Quick(t testing.TB, svc *notify.Service) {
	t.Helper()
	Restart(t, svc, QuickWorker())
}

// Restart restarts the worker of svc with o, and stops it when the test
// ends.
func Restart(t testing.TB, svc *notify.Service, o notify.WorkerOptions) {
	t.Helper()
	svc.StopWorker()
	if err := svc.StartWorker(o); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
}

// Greeting is the name of the template Register adds: a greeting to
// data["Name"], in the recipient's language.
const Greeting = "notifytest.greeting"

// Subjects are the greeting's subject in each language, for {{.Name}}
// = "Ana".
var Subjects = map[string]string{
	"en": "Hello Ana",
	"ro": "Bună ziua, Ana",
	"uk": "Вітаємо, Ana",
	"ka": "გამარჯობა, Ana",
	"hy": "Բարև, Ana",
	"az": "Salam, Ana",
	"ru": "Здравствуйте, Ana",
}

// Register adds the Greeting template to svc, with a catalogue in all
// seven languages.
func Register(t testing.TB, svc *notify.Service) {
	t.Helper()
	if err := svc.Register(map[string]notify.Template{Greeting: notify.MessageTemplate("notifytest.greeting")}, Locales()); err != nil {
		t.Fatal(err)
	}
}

// Locales is the greeting's catalogue.
func Locales() fstest.MapFS {
	body := map[string]string{
		"en": "Dear {{.Name}},\n\nthis is a test of the TOPCOP Platform's mail.",
		"ro": "Stimată {{.Name}},\n\naceasta este o probă a poștei Platformei TOPCOP.",
		"uk": "Шановна {{.Name}},\n\nце перевірка пошти Платформи TOPCOP.",
		"ka": "ძვირფასო {{.Name}},\n\nეს არის TOPCOP პლატფორმის ფოსტის შემოწმება.",
		"hy": "Հարգելի {{.Name}},\n\nսա TOPCOP հարթակի փոստի ստուգում է։",
		"az": "Hörmətli {{.Name}},\n\nbu, TOPCOP Platformasının poçtunun yoxlanışıdır.",
		"ru": "Уважаемая {{.Name}},\n\nэто проверка почты Платформы TOPCOP.",
	}
	fs := fstest.MapFS{}
	for lang, subject := range Subjects {
		subject = strings.Replace(subject, "Ana", "{{.Name}}", 1)
		src := fmt.Sprintf("notifytest.greeting.subject = %q\nnotifytest.greeting.body = %q\n", subject, body[lang])
		fs[lang+".toml"] = &fstest.MapFile{Data: []byte(src)}
	}
	return fs
}
