package directory

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// Lookups for other modules (auth validates grant scopes with them). They
// expose no personal data, so they need no actor.

// CountryExists reports whether code is a known country.
func (s *Service) CountryExists(ctx context.Context, code string) (bool, error) {
	return s.st.countryExists(ctx, code)
}

// AgencyCountry returns the country of the agency with id, or NotFound.
func (s *Service) AgencyCountry(ctx context.Context, id string) (string, error) {
	if !core.ValidID(id) {
		return "", notFound("agency")
	}
	var country string
	err := s.db.QueryRow(ctx, `SELECT country_code FROM agencies WHERE id = ?`, id).Scan(&country)
	return country, db.NotFound(err, "agency")
}

// Empty reports whether the directory holds no agencies yet (the demo
// loader only fills an empty database).
func (s *Service) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM agencies`).Scan(&n)
	return n == 0, db.Err(err)
}
