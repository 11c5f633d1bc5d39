// Package prunelib is a library whose functions reach host-only APIs in
// the ways the analyzer must still see when it skips the declarations
// that reach none: through functions declared after them (a method, a
// generic function, a recursion), and through clients made or given
// their transport in another declaration.
package prunelib

import (
	"net/http"
	"os"
	"strings"
)

// Trim reaches nothing.
func Trim(s string) string { return strings.TrimSpace(s) }

// Load reaches os.ReadFile through a method and a generic function.
func Load(name string) ([]byte, error) { // want Load:`reaches os.ReadFile via \(\*prunelib.loader\).load → prunelib.read`
	return (&loader{root: "/srv/"}).load(name)
}

type loader struct{ root string }

func (l *loader) load(name string) ([]byte, error) { return read(l.root + name) } // want load:"reaches os.ReadFile via prunelib.read"

func read[T ~string](name T) ([]byte, error) { return os.ReadFile(string(name)) }

// Opener returns a method value: a use that is no call reaches nothing.
func Opener() func(string) ([]byte, error) { return (&loader{}).load }

// Walk and visit call each other; visit lists directories.
func Walk(dir string, depth int) int { // want Walk:"reaches os.ReadDir via prunelib.visit"
	if depth == 0 {
		return 0
	}
	return visit(dir, depth)
}

func visit(dir string, depth int) int {
	entries, _ := os.ReadDir(dir)
	n := len(entries)
	for _, e := range entries {
		if e.IsDir() {
			n += Walk(dir+"/"+e.Name(), depth-1)
		}
	}
	return n
}

// client is given an *http.Transport of its own in init, which calls
// nothing host-only itself.
var client http.Client

func init() { client = http.Client{Transport: &http.Transport{}} }

// Fetch calls client.
func Fetch(url string) (*http.Response, error) { // want Fetch:`reaches \(\*http.Client\).Get on an \*http.Transport`
	return client.Get(url)
}

// shared gets an *http.Transport of its own in tune, another declaration
// than Ping's call.
var shared = &http.Client{}

func tune() { shared.Transport = &http.Transport{MaxIdleConns: 2} }

// Ping sends a HEAD request with shared.
func Ping(url string) error { // want Ping:`reaches \(\*http.Client\).Head on an \*http.Transport`
	tune()
	resp, err := shared.Head(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
