package training

import "github.com/topcop-platform/topcop/internal/i18n"

// Page helpers for the capabilities built on training, so that their
// pages write an activity's facts as training's do.

// DateRange is an activity's days (YYYY-MM-DD) in l's date format.
func DateRange(l *i18n.Localizer, from, to string) string { return dateRange(l, from, to) }

// CountryName is a country's name in l's language.
func CountryName(l *i18n.Localizer, code string) string { return countryName(l, code, "") }
