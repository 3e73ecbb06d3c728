package directory

import (
	"context"
	"slices"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
)

// ReferenceCountries is the reference list of countries that SeedCountries
// keeps in the database: the five TOPCOP II partner countries first, then
// the 27 EU Member States in English alphabetical order, then "EU", the
// home of EU institutions, agencies and missions.
var ReferenceCountries = []Country{
	{Code: "AM", NameEN: "Armenia", NameNative: "Հայաստան", Kind: CountryPartner, SortOrder: 1},
	{Code: "AZ", NameEN: "Azerbaijan", NameNative: "Azərbaycan", Kind: CountryPartner, SortOrder: 2},
	{Code: "GE", NameEN: "Georgia", NameNative: "საქართველო", Kind: CountryPartner, SortOrder: 3},
	{Code: "MD", NameEN: "Moldova", NameNative: "Moldova", Kind: CountryPartner, SortOrder: 4},
	{Code: "UA", NameEN: "Ukraine", NameNative: "Україна", Kind: CountryPartner, SortOrder: 5},

	{Code: "AT", NameEN: "Austria", NameNative: "Österreich", Kind: CountryEUMember, SortOrder: 10},
	{Code: "BE", NameEN: "Belgium", NameNative: "België / Belgique / Belgien", Kind: CountryEUMember, SortOrder: 11},
	{Code: "BG", NameEN: "Bulgaria", NameNative: "България", Kind: CountryEUMember, SortOrder: 12},
	{Code: "HR", NameEN: "Croatia", NameNative: "Hrvatska", Kind: CountryEUMember, SortOrder: 13},
	{Code: "CY", NameEN: "Cyprus", NameNative: "Κύπρος", Kind: CountryEUMember, SortOrder: 14},
	{Code: "CZ", NameEN: "Czechia", NameNative: "Česko", Kind: CountryEUMember, SortOrder: 15},
	{Code: "DK", NameEN: "Denmark", NameNative: "Danmark", Kind: CountryEUMember, SortOrder: 16},
	{Code: "EE", NameEN: "Estonia", NameNative: "Eesti", Kind: CountryEUMember, SortOrder: 17},
	{Code: "FI", NameEN: "Finland", NameNative: "Suomi", Kind: CountryEUMember, SortOrder: 18},
	{Code: "FR", NameEN: "France", NameNative: "France", Kind: CountryEUMember, SortOrder: 19},
	{Code: "DE", NameEN: "Germany", NameNative: "Deutschland", Kind: CountryEUMember, SortOrder: 20},
	{Code: "GR", NameEN: "Greece", NameNative: "Ελλάδα", Kind: CountryEUMember, SortOrder: 21},
	{Code: "HU", NameEN: "Hungary", NameNative: "Magyarország", Kind: CountryEUMember, SortOrder: 22},
	{Code: "IE", NameEN: "Ireland", NameNative: "Éire", Kind: CountryEUMember, SortOrder: 23},
	{Code: "IT", NameEN: "Italy", NameNative: "Italia", Kind: CountryEUMember, SortOrder: 24},
	{Code: "LV", NameEN: "Latvia", NameNative: "Latvija", Kind: CountryEUMember, SortOrder: 25},
	{Code: "LT", NameEN: "Lithuania", NameNative: "Lietuva", Kind: CountryEUMember, SortOrder: 26},
	{Code: "LU", NameEN: "Luxembourg", NameNative: "Lëtzebuerg", Kind: CountryEUMember, SortOrder: 27},
	{Code: "MT", NameEN: "Malta", NameNative: "Malta", Kind: CountryEUMember, SortOrder: 28},
	{Code: "NL", NameEN: "Netherlands", NameNative: "Nederland", Kind: CountryEUMember, SortOrder: 29},
	{Code: "PL", NameEN: "Poland", NameNative: "Polska", Kind: CountryEUMember, SortOrder: 30},
	{Code: "PT", NameEN: "Portugal", NameNative: "Portugal", Kind: CountryEUMember, SortOrder: 31},
	{Code: "RO", NameEN: "Romania", NameNative: "România", Kind: CountryEUMember, SortOrder: 32},
	{Code: "SK", NameEN: "Slovakia", NameNative: "Slovensko", Kind: CountryEUMember, SortOrder: 33},
	{Code: "SI", NameEN: "Slovenia", NameNative: "Slovenija", Kind: CountryEUMember, SortOrder: 34},
	{Code: "ES", NameEN: "Spain", NameNative: "España", Kind: CountryEUMember, SortOrder: 35},
	{Code: "SE", NameEN: "Sweden", NameNative: "Sverige", Kind: CountryEUMember, SortOrder: 36},

	{Code: "EU", NameEN: "European Union", NameNative: "European Union", Kind: CountryEUBody, SortOrder: 100},
}

// SeedReference brings the directory's reference data up to date: the CLI
// runs it after migrating (serve, migrate, demo). It acts as the system and
// is idempotent; it writes (and audits) only what changed.
func SeedReference(ctx context.Context, d *db.DB) error {
	log := audit.New(d)
	defer log.Close()
	if !core.ActorFrom(ctx).Authenticated() {
		ctx = core.WithActor(ctx, core.SystemActor("directory.seed"))
	}
	return NewService(d, log).SeedCountries(ctx)
}

// languages are the ISO 639-1 codes.
var languages = []string{
	"aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az",
	"ba", "be", "bg", "bi", "bm", "bn", "bo", "br", "bs",
	"ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy",
	"da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu",
	"fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv",
	"ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
	"ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv",
	"ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky",
	"la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv",
	"mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my",
	"na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny",
	"oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu",
	"rm", "rn", "ro", "ru", "rw",
	"sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw",
	"ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty",
	"ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
}

// ValidLanguage reports whether code is an ISO 639-1 language code (lower
// case).
func ValidLanguage(code string) bool {
	_, ok := slices.BinarySearch(languages, code)
	return ok
}
