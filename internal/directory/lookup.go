package directory

import (
	"context"

	"github.com/topcop-platform/topcop/internal/auth"
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

// CountryNames lists the countries as code and English name, in display
// order (for the account pages' grant scopes). Signed-in actors only.
func (s *Service) CountryNames(ctx context.Context) ([]auth.CodeName, error) {
	cs, err := s.Countries(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]auth.CodeName, len(cs))
	for i, c := range cs {
		out[i] = auth.CodeName{Code: c.Code, Name: c.NameEN}
	}
	return out, nil
}

// AgencyName is the English name of the agency with id. Signed-in actors
// only; NotFound for an unknown agency.
func (s *Service) AgencyName(ctx context.Context, id string) (string, error) {
	a, err := s.Agency(ctx, id)
	return a.Name, err
}

var _ auth.Directory = (*Service)(nil)

// AgencyIDByCode is the id of the agency with code. Signed-in actors
// only; NotFound for an unknown code.
func (s *Service) AgencyIDByCode(ctx context.Context, code string) (string, error) {
	a, err := s.AgencyByCode(ctx, code)
	return a.ID, err
}
