package app

import (
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/mytraining"
	"github.com/topcop-platform/topcop/internal/training"
)

// Capabilities is the one list of the platform's capabilities, in build
// order: a capability may use the services of those before it. Adding a
// capability is a new package under internal/ and one line here
// (docs/architecture.md).
var Capabilities = []module.Module{
	directory.Module,
	demo.Module,       // the directory's demo data and the demo accounts
	training.Module,   // reads the directory's countries and people
	learning.Module,   // reads training's courses, activities and seats
	certs.Module,      // issues on training's completion rule, with learning's conditions
	mytraining.Module, // a participant's own page: reads training, learning and certs
}
