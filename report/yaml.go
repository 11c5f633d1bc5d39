package report

import (
	"io"

	"gopkg.in/yaml.v3"
)

// WriteYAML writes the same data as WriteJSON, in YAML: go vet's tree of
// packages, analyzers and diagnostics, under the same keys, or with a
// summary a JSONReport. Keys are sorted, so the output is stable.
func WriteYAML(w io.Writer, r *Result) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(document(r)); err != nil {
		return err
	}
	return enc.Close()
}
