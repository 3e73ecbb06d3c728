package certs

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/certs/badge"
	"github.com/topcop-platform/topcop/internal/certs/cert"
	"github.com/topcop-platform/topcop/internal/certs/certpdf"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/names"
)

// The certificate as a PDF, as a badge, and an activity's as one ZIP.

// QRText is what c's QR code holds: its verification address with the
// signed payload as the fragment.
func (s *Service) QRText(c cert.Certificate) string {
	return cert.QRText(s.opts.BaseURL, c.Code, c.Payload)
}

// RenderPDF draws c (English and c's language). It checks nothing: callers
// have read c through Get, Verify or a list the actor may see.
func (s *Service) RenderPDF(w io.Writer, c cert.Certificate) error {
	return certpdf.RenderTo(w, c, s.QRText(c), s.bundle.Localizer("en"), s.bundle.Localizer(c.Lang))
}

// PDF returns the PDF of a certificate the actor may read (Get); a
// revoked one is refused (conflict): it is no longer a certificate.
func (s *Service) PDF(ctx context.Context, code string, w io.Writer) (cert.Certificate, error) {
	c, err := s.Get(ctx, code)
	if err != nil {
		return c, err
	}
	if c.Status != cert.StatusValid {
		return c, core.Errorf(core.Conflict, "the certificate is revoked")
	}
	return c, s.RenderPDF(w, c)
}

// Badge returns a certificate the actor may read as a signed Open Badges
// 3.0 credential; a revoked one is refused (conflict).
func (s *Service) Badge(ctx context.Context, code string) ([]byte, cert.Certificate, error) {
	c, err := s.Get(ctx, code)
	if err != nil {
		return nil, c, err
	}
	if c.Status != cert.StatusValid {
		return nil, c, core.Errorf(core.Conflict, "the certificate is revoked")
	}
	var key *cert.SigningKey
	var email string
	err = s.db.Write(ctx, func(ctx context.Context) error {
		if key, err = s.signingKey(ctx); err != nil {
			return err
		}
		h, err := s.st.holder(ctx, c.PersonID)
		email = h.email
		return err
	})
	if err != nil {
		return nil, c, err
	}
	data, err := badge.Credential(c, s.badgeIssuer(), key, email)
	return data, c, err
}

func (s *Service) badgeIssuer() badge.Issuer {
	return badge.Issuer{BaseURL: s.opts.BaseURL, Name: s.opts.Issuer,
		Criteria: "Attended the activity's days as its completion rule requires (80% by default) and met its other completion conditions (post-test, minimum score, satisfaction survey) where set."}
}

// IssuerProfile is the badges' issuer document (Open Badges Profile with
// the keys as verification methods).
func (s *Service) IssuerProfile(ctx context.Context) ([]byte, error) {
	ks, err := s.KeySet(ctx)
	if err != nil {
		return nil, err
	}
	return badge.IssuerProfile(s.badgeIssuer(), ks)
}

// FileName is a certificate's file name: its code and the holder's name
// in plain Latin letters.
func FileName(c cert.Certificate, ext string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		case r == ' ':
			return '-'
		}
		return -1
	}, names.Latin(c.Name))
	return fmt.Sprintf("%s-%s.%s", cert.FormatCode(c.Code), name, ext)
}

// ZIP writes the valid certificates of an activity the actor may see as
// PDFs in one ZIP archive, each as soon as it is drawn (a browser shows
// the download growing). The list is read and authorized first, and
// begin called once before the first byte (to set the response's
// headers), so that a refusal is an error and not a broken archive.
func (s *Service) ZIP(ctx context.Context, activityID string, w io.Writer, begin func()) (int, error) {
	list, err := s.List(ctx, activityID)
	if err != nil {
		return 0, err
	}
	if begin != nil {
		begin()
	}
	zw := zip.NewWriter(w)
	n := 0
	for _, c := range list {
		if c.Status != cert.StatusValid {
			continue
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: FileName(c, "pdf"), Method: zip.Store, Modified: c.IssuedAt})
		if err != nil {
			return n, err
		}
		if err := s.RenderPDF(f, c); err != nil {
			return n, err
		}
		n++
	}
	if err := zw.Close(); err != nil {
		return n, err
	}
	return n, s.log.RecordRead(ctx, audit.Event{Action: "certs.certificates.download", Entity: "activity", EntityID: activityID,
		Details: map[string]any{"certificates": n}})
}
