package directory

// DropReadCache forgets every cached read, as a committed write would, so
// that benchmarks can measure the database path.
func (s *Service) DropReadCache() { s.st.cache.invalidate() }

// NameSortKey and PersonSortKey are the values of the sort_name columns
// (sortKey, personSortKey), for tests that sort in Go as the lists sort.
func NameSortKey(name string) string            { return sortKey(name) }
func PersonSortKey(family, given string) string { return personSortKey(family, given) }
