// Package names finds likely duplicate people by name across the scripts
// used by the platform's partners: Ukrainian and Russian Cyrillic,
// Georgian, Armenian, and Latin with Azerbaijani and Romanian letters.
//
// Latin transliterates a name to plain Latin letters. Key reduces a name
// to a comparison key in which common transliteration variants coincide.
// Similarity scores two names from 0 to 1 on their keys, ignoring word
// order and tolerating a missing middle name or patronymic. Likely picks
// the candidates that score at least a threshold, normally
// DefaultThreshold. Blocks gives the short keys a store indexes so that a
// duplicate check only scores the people sharing a block with the new
// name:
//
//	// on save: store Blocks(p.Name) in the person's indexed block column
//	// on check: load candidates sharing any of Blocks(name), then
//	dups := names.Likely(name, candidates, names.DefaultThreshold)
package names
