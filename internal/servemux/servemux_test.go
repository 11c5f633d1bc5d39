package servemux

import (
	"fmt"
	"math/rand"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/routevet/routevet/internal/httpmodel"
)

func mustPattern(t *testing.T, s string) *Pattern {
	t.Helper()
	p, err := httpmodel.ParsePattern(s)
	if err != nil {
		t.Fatalf("ParsePattern(%q): %v", s, err)
	}
	return New(p)
}

// randomPattern returns a valid pattern from a small alphabet, so that
// random sets often overlap.
func randomPattern(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString([]string{"", "", "GET ", "HEAD ", "POST "}[rng.Intn(5)])
	if rng.Intn(8) == 0 {
		b.WriteString("example.com")
	}
	names := []string{"x", "y", "a"}
	used := map[string]bool{}
	wild := func() string {
		for {
			n := names[rng.Intn(len(names))]
			if !used[n] {
				used[n] = true
				return n
			}
			if len(used) == len(names) {
				return ""
			}
		}
	}
	for range rng.Intn(3) + 1 {
		switch rng.Intn(4) {
		case 0, 1:
			b.WriteString("/" + []string{"a", "b", "ax"}[rng.Intn(3)])
		default:
			if n := wild(); n != "" {
				b.WriteString("/{" + n + "}")
			} else {
				b.WriteString("/c")
			}
		}
	}
	switch rng.Intn(4) {
	case 0:
		b.WriteString("/")
	case 1:
		b.WriteString("/{$}")
	case 2:
		if n := wild(); n != "" {
			b.WriteString("/{" + n + "...}")
		}
	}
	return b.String()
}

var registeredAt = regexp.MustCompile(`\(registered at [^)]*\)`)

// register registers patterns on a real ServeMux in order and returns the
// panic message of the first registration that panics, without its
// locations, and that registration's index (-1 if none).
func register(patterns []string) (msg string, at int) {
	mux := http.NewServeMux()
	h := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for i, p := range patterns {
		msg = func() (msg string) {
			defer func() {
				if r := recover(); r != nil {
					msg = fmt.Sprint(r)
				}
			}()
			mux.Handle(p, h)
			return ""
		}()
		if msg != "" {
			return registeredAt.ReplaceAllString(msg, "(registered at L)"), i
		}
	}
	return "", -1
}

// TestRegistrationDifferential registers random pattern sets on a real
// http.ServeMux and checks that the model predicts the first registration
// that panics and, word for word, net/http's message (with the pattern it
// names among those that conflict: net/http reports the first one its
// index finds).
func TestRegistrationDifferential(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	panics := 0
	const sets = 3000
	for range sets {
		n := rng.Intn(4) + 2
		var raws []string
		var pats []*Pattern
		for range n {
			raw := randomPattern(rng)
			raws = append(raws, raw)
			pats = append(pats, mustPattern(t, raw))
		}
		realMsg, realAt := register(raws)
		modelAt, candidates := -1, []string(nil)
	search:
		for i := range pats {
			for j := range i {
				if pats[i].ConflictsWith(pats[j]) {
					modelAt = i
					for k := range i {
						if pats[i].ConflictsWith(pats[k]) {
							candidates = append(candidates, RegistrationPanic(pats[i], pats[k], "L", "L"))
						}
					}
					break search
				}
			}
		}
		if realAt != modelAt {
			t.Fatalf("%q: net/http panics at registration %d (%s), the model at %d", raws, realAt, realMsg, modelAt)
		}
		if realAt < 0 {
			continue
		}
		panics++
		found := false
		for _, c := range candidates {
			if c == realMsg {
				found = true
			}
		}
		if !found {
			t.Fatalf("%q: net/http says\n%s\nthe model says one of\n%s", raws, realMsg, strings.Join(candidates, "\n--\n"))
		}
	}
	if panics < sets/10 {
		t.Errorf("only %d of %d sets panic: the generator tests too little", panics, sets)
	}
	t.Logf("%d sets, %d registration panics, all predicted", sets, panics)
}

func TestConflictMessages(t *testing.T) {
	for _, test := range []struct{ p1, p2, want string }{
		{"/a/{x}", "/a/{y}", "/a/{x} matches the same requests as /a/{y}"},
		{"GET /a", "GET /a", "GET /a matches the same requests as GET /a"},
		{"/a/{x}", "/{y}/b", "/a/{x} and /{y}/b both match some paths, like \"/a/b\".\nBut neither is more specific than the other.\n/a/{x} matches \"/a/x\", but /{y}/b doesn't.\n/{y}/b matches \"/y/b\", but /a/{x} doesn't."},
		{"/a/b", "GET /a/{x}", "/a/b matches more methods than GET /a/{x}, but has a more specific path pattern"},
	} {
		p1, p2 := mustPattern(t, test.p1), mustPattern(t, test.p2)
		if !p1.ConflictsWith(p2) {
			t.Errorf("%s and %s: no conflict", test.p1, test.p2)
			continue
		}
		if got := Conflict(p1, p2); got != test.want {
			t.Errorf("Conflict(%s, %s) =\n%s\nwant\n%s", test.p1, test.p2, got, test.want)
		}
	}
}
