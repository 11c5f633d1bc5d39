package edgeruntime

import (
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/routevet/routevet/internal/config"
)

func TestAPIPackage(t *testing.T) {
	for api, want := range map[string]string{
		"os.ReadFile":                           "os",
		"(*net.Dialer).Dial":                    "net",
		"(net/http.Dir).Open":                   "net/http",
		"os/exec":                               "os/exec",
		"github.com/lib/pq":                     "github.com/lib/pq",
		"github.com/lib/pq.Array":               "github.com/lib/pq",
		"(*github.com/jackc/pgx/v5.Conn).Query": "github.com/jackc/pgx/v5",
		`database/sql.Open("pgx/v5")`:           "database/sql",
		"net/http.Client{}":                     "net/http",
		"net/http.DefaultClient":                "net/http",
		"gopkg.in/yaml.v3.Marshal":              "gopkg.in/yaml.v3",
	} {
		if got := apiPackage(api); got != want {
			t.Errorf("apiPackage(%q) = %q, want %q", api, got, want)
		}
	}
}

func TestDeniedPrecedence(t *testing.T) {
	set := buildProfiles(map[string]config.EdgeProfile{
		"fastly": {
			Allow: []string{"os.ReadFile", "example.com/db/..."},
			Deny: []config.EdgeRule{
				{API: "os"},
				{API: "example.com/db/..."},
				{API: "example.com/db/pool.Open"},
			},
		},
	})
	fastly := set.byName["fastly"]
	for _, c := range []struct {
		key, pkg string
		denied   bool
	}{
		{"os.ReadFile", "os", false},                                // allowed function beats denied function
		{"os.Getenv", "os", false},                                  // Fastly's built-in allowance beats the package rule
		{"os.Exit", "os", true},                                     // the configured package rule
		{"os.Open", "os", true},                                     // built-in
		{"example.com/db/pool.Query", "example.com/db/pool", false}, // allowed tree beats denied tree
		{"example.com/db/pool.Open", "example.com/db/pool", true},   // a denied function beats an allowed tree
		{"crypto/rand.Read", "crypto/rand", false},
	} {
		if got := fastly.denied(c.key, c.pkg) != nil; got != c.denied {
			t.Errorf("fastly denies %s: %v, want %v", c.key, got, c.denied)
		}
	}
	if !set.universe.contains("example.com/db/pool.Open", "example.com/db/pool") || !set.universe.mayContain("example.com/db/x") {
		t.Errorf("configured rules are missing from the universe")
	}
	if builtinSet.universe.mayContain("example.com/db/pool") {
		t.Errorf("configuration leaked into the built-in profiles")
	}
}

// TestStandardLibraryAPIsExist checks that every standard library API in
// the tables names a real function, so a typo cannot silently disable a
// rule.
func TestStandardLibraryAPIsExist(t *testing.T) {
	var apis []string
	for _, b := range builtins {
		for _, d := range b.deny {
			apis = append(apis, d.class.apis...)
		}
		for _, list := range b.allow {
			apis = append(apis, list...)
		}
	}
	apis = slices.Compact(slices.Sorted(slices.Values(apis)))
	pkgSet := map[string]bool{}
	for _, api := range apis {
		if pkg := apiPackage(api); !strings.Contains(strings.Split(pkg, "/")[0], ".") {
			pkgSet[pkg] = true
		}
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, slices.Collect(mapKeys(pkgSet))...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p.Types
	}
	if funcExists(byPath["os"], "os.ReadFil") || funcExists(byPath["net"], "(*net.Dialer).Dail") || !funcExists(byPath["net"], "(*net.Dialer).Dial") {
		t.Fatal("funcExists does not tell real functions from typos")
	}
	for _, api := range apis {
		pkg := byPath[apiPackage(api)]
		if pkg == nil || api == pkg.Path() || strings.Contains(api, "(\"") || strings.HasSuffix(api, "{}") || api == apiDefaultClient {
			continue // a package, a pseudo-API, or not in the standard library
		}
		if !funcExists(pkg, api) {
			t.Errorf("%s: no such function", api)
		}
	}
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// funcExists reports whether pkg declares the function or method named as
// FullName prints it.
func funcExists(pkg *types.Package, api string) bool {
	if !strings.HasPrefix(api, "(") {
		_, ok := pkg.Scope().Lookup(api[strings.LastIndexByte(api, '.')+1:]).(*types.Func)
		return ok
	}
	typ, method, _ := strings.Cut(strings.TrimPrefix(api, "("), ").")
	ptr := strings.HasPrefix(typ, "*")
	tn, ok := pkg.Scope().Lookup(typ[strings.LastIndexByte(typ, '.')+1:]).(*types.TypeName)
	if !ok {
		return false
	}
	var t types.Type = tn.Type()
	if ptr {
		t = types.NewPointer(t)
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, pkg, method)
	fn, ok := obj.(*types.Func)
	return ok && fn.FullName() == api
}
