// Command fakevet is routevet with the fake analyzers: the real driver,
// for end-to-end tests under go vet, go fix and on its own.
package main

import (
	"github.com/routevet/routevet/cmd/routevet/internal/driver"
	"github.com/routevet/routevet/cmd/routevet/testdata/fake"
)

func main() { driver.Main(fake.Entries()) }
