package driver

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/routevet/routevet/internal/config"
)

// printToolID answers -V=full, by which the go command identifies its vet
// tool in the keys of go vet's (and go fix's) cache. Like unitchecker, it
// prints a hash of the executable; it also hashes the configuration files
// of the project around the current directory. Findings depend on them,
// and nothing else in the cache key does: without them, go vet would
// replay findings that an edited .routevet.yaml no longer reports, and
// never read a broken one.
func printToolID(w io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	h := sha256.New()
	f, err := os.Open(exe)
	if err != nil {
		return err
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return err
	}
	if cwd, err := os.Getwd(); err == nil {
		hashConfigs(h, projectRoot(cwd))
	}
	// The go command requires this form: a "devel" version makes it
	// take the last field as the tool's ID.
	_, err = fmt.Fprintf(w, "%s version devel comments-go-here buildID=%02x\n", exe, h.Sum(nil))
	return err
}

// projectRoot returns the directory of the go.work file above dir, if any,
// or else of the go.mod file: the tree in which the packages go vet is
// likely asked about, and their configuration files, are.
func projectRoot(dir string) string {
	root := dir
	foundMod := false
	for d := dir; ; {
		if exists(filepath.Join(d, "go.work")) {
			return d
		}
		if !foundMod && exists(filepath.Join(d, "go.mod")) {
			root, foundMod = d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return root
		}
		d = parent
	}
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// hashConfigs adds to h the name and content of every configuration file
// below root, in the directories where the go command looks for packages
// (not those it ignores: hidden ones, "_" ones, vendor).
func hashConfigs(h hash.Hash, root string) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: no packages to vet there either
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == config.FileName {
			data, _ := os.ReadFile(path)
			fmt.Fprintf(h, "%q %d\n", path, len(data))
			h.Write(data)
		}
		return nil
	})
}
