package directory

import (
	"context"

	"github.com/topcop-platform/topcop/internal/core"
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
	return s.st.agencyCountry(ctx, id)
}

// Empty reports whether the directory holds no agencies yet (the demo
// loader only fills an empty database).
func (s *Service) Empty(ctx context.Context) (bool, error) {
	n, err := s.st.agencyCount(ctx)
	return n == 0, err
}

// NetworkNames lists the active networks' ids and names, sorted by name,
// for filter and picker options (lighter than ListNetworks: no member
// counts, no descriptions). Any signed-in actor may call it
// (unauthenticated otherwise).
func (s *Service) NetworkNames(ctx context.Context) ([]Count, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return list(ctx, s.st.cache, "network-names", s.st.networkNames)
}
