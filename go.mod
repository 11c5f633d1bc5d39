module github.com/routevet/routevet

go 1.26.0

require (
	github.com/ettle/strcase v0.2.0 // indirect
	github.com/golangci/plugin-module-register v0.1.2 // indirect
	github.com/sourcegraph/jsonrpc2 v0.2.3 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
