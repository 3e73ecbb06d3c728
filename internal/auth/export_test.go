package auth

import "sync"

// UseCheapHashing lowers the argon2 cost for the tests of this package
// (production defaults stay in defaultParams) and returns a function that
// restores them.
func UseCheapHashing() (restore func()) {
	params = argonParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	resetDummy()
	return func() {
		params = defaultParams
		resetDummy()
	}
}

// UseDefaultHashing switches to the production parameters until the
// returned function is called.
func UseDefaultHashing() (restore func()) {
	old := params
	params = defaultParams
	resetDummy()
	return func() {
		params = old
		resetDummy()
	}
}

func resetDummy() {
	dummy.once = sync.Once{}
	dummy.hash = ""
}

// NeedsRehash exposes needsRehash.
var NeedsRehash = needsRehash
