// Command routevet checks Go HTTP handlers for likely mistakes.
//
// It runs every way a Go analysis tool runs:
//
//	go vet -vettool=$(command -v routevet) ./...       report findings
//	go vet -vettool=$(command -v routevet) -fix ./...  apply suggested fixes
//	go fix -fixtool=$(command -v routevet) ./...       apply suggested fixes
//	go fix -fixtool=$(command -v routevet) -diff ./... show them as a diff
//	routevet [-json] [-fix [-diff]] ./...              on its own
//	routevet lsp [-gopls]                              language server for editors (-gopls: with gopls)
//	routevet help [analyzer]
//	routevet version
//
// Run 'routevet help' for the analyzers and flags.
package main

import (
	"github.com/routevet/routevet/analyzers"
	"github.com/routevet/routevet/cmd/routevet/internal/driver"
)

func main() { driver.Main(analyzers.Entries()) }
