package directory

// DropReadCache forgets every cached read, as a committed write would, so
// that benchmarks can measure the database path.
func (s *Service) DropReadCache() { s.st.cache.invalidate() }
