package fixes

import (
	"fmt"
	"strconv"
	"strings"
)

// A Preflight writes the code of the preflight analyzer's fixes: one
// handler factory per package, which answers a browser's CORS preflight
// (OPTIONS) request, and the routes and method-check branches that call
// it. Every route shares the factory, so a package gets one copy however
// many routes are fixed. Identical edits from several fixes are applied
// once by the drivers (x/tools' checker behind go fix and go vet -fix,
// gopls, golangci-lint's fixer, which merges edits with a copy of x/tools'
// diff.Merge, and Apply here), so applying all of a package's fixes at
// once adds the factory once.
type Preflight struct {
	// HTTP is the name the file gives net/http ("http").
	HTTP string
	// Func is the factory's name, fresh in the package.
	Func string
	// AllowHeaders lists the request headers the preflight allows: nil
	// means "Content-Type"; ["*"] echoes Access-Control-Request-Headers.
	AllowHeaders []string
	// MaxAge is Access-Control-Max-Age in seconds; 0 means 600.
	MaxAge int
}

// FactoryParams and FactoryResult describe the factory's signature, so
// an analyzer can recognize one added earlier: func(methods string,
// origins ...string) http.HandlerFunc.
const (
	FactoryParams = "(methods string, origins ...string)"
	FactoryResult = "HandlerFunc"
)

// Decl returns the factory's declaration, ending in a newline. The
// handler answers 204 with Access-Control-Allow-Origin set to the
// request's Origin when it is one of origins (or to "*" when origins has
// "*"), and the allowed methods, headers and max age; for any other
// origin it sends no CORS headers, so the browser refuses the request.
func (p Preflight) Decl() string {
	maxAge := p.MaxAge
	if maxAge <= 0 {
		maxAge = 600
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// %s returns a handler that answers a browser's CORS preflight\n", p.Func)
	b.WriteString("// (OPTIONS) request for a route that accepts methods, from one of origins\n")
	b.WriteString("// (\"*\" allows every origin). Added by routevet's preflight fix.\n")
	fmt.Fprintf(&b, "func %s%s %s.%s {\n", p.Func, FactoryParams, p.HTTP, FactoryResult)
	fmt.Fprintf(&b, "\treturn func(w %s.ResponseWriter, r *%s.Request) {\n", p.HTTP, p.HTTP)
	echo := len(p.AllowHeaders) == 1 && p.AllowHeaders[0] == "*"
	b.WriteString("\t\th := w.Header()\n")
	b.WriteString("\t\th.Add(\"Vary\", \"Origin\")\n")
	if echo {
		b.WriteString("\t\th.Add(\"Vary\", \"Access-Control-Request-Headers\")\n")
	}
	b.WriteString("\t\tfor _, origin := range origins {\n")
	b.WriteString("\t\t\tif origin == \"*\" || origin == r.Header.Get(\"Origin\") {\n")
	b.WriteString("\t\t\t\th.Set(\"Access-Control-Allow-Origin\", origin)\n")
	b.WriteString("\t\t\t\th.Set(\"Access-Control-Allow-Methods\", methods)\n")
	if echo {
		b.WriteString("\t\t\t\th.Set(\"Access-Control-Allow-Headers\", r.Header.Get(\"Access-Control-Request-Headers\"))\n")
	} else {
		headers := "Content-Type"
		if len(p.AllowHeaders) > 0 {
			headers = strings.Join(p.AllowHeaders, ", ")
		}
		fmt.Fprintf(&b, "\t\t\t\th.Set(\"Access-Control-Allow-Headers\", %s)\n", strconv.Quote(headers))
	}
	fmt.Fprintf(&b, "\t\t\t\th.Set(\"Access-Control-Max-Age\", %s)\n", strconv.Quote(strconv.Itoa(maxAge)))
	b.WriteString("\t\t\t\tbreak\n")
	b.WriteString("\t\t\t}\n")
	b.WriteString("\t\t}\n")
	fmt.Fprintf(&b, "\t\tw.WriteHeader(%s.StatusNoContent)\n", p.HTTP)
	b.WriteString("\t}\n")
	b.WriteString("}\n")
	return b.String()
}

// Handler returns an expression that makes the preflight handler of a
// route: corsPreflight("POST, OPTIONS", "https://app.example.com").
func (p Preflight) Handler(methods, origins []string) string {
	args := []string{strconv.Quote(strings.Join(methods, ", "))}
	for _, o := range origins {
		args = append(args, strconv.Quote(o))
	}
	return p.Func + "(" + strings.Join(args, ", ") + ")"
}

// ServeMuxRoute returns the statement registering the preflight handler
// for pattern ("OPTIONS /api/items") on mux, an http.ServeMux or the
// http package itself (for DefaultServeMux).
func (p Preflight) ServeMuxRoute(mux, pattern string, methods, origins []string) string {
	return fmt.Sprintf("%s.HandleFunc(%s, %s)", mux, strconv.Quote(pattern), p.Handler(methods, origins))
}

// ChiRoute returns the statement registering the preflight handler for
// path on a chi router.
func (p Preflight) ChiRoute(router, path string, methods, origins []string) string {
	return fmt.Sprintf("%s.Options(%s, %s)", router, strconv.Quote(path), p.Handler(methods, origins))
}

// GorillaRoute returns the statement registering the preflight handler
// for a path on a gorilla/mux router, restricted to OPTIONS. pathExpr is
// the path as a Go expression: a quoted string, or the expression of
// the route it answers for (config.Webroot+"api/items").
func (p Preflight) GorillaRoute(router, pathExpr string, methods, origins []string) string {
	return fmt.Sprintf("%s.HandleFunc(%s, %s).Methods(%s)", router, pathExpr, p.Handler(methods, origins), p.methodOptions())
}

// Branch returns an if statement, to go before a handler's method check,
// that answers OPTIONS with the preflight handler and returns. indent is
// the indentation of the line it is inserted on; the text ends with a
// newline and that indentation, ready for the check that follows.
func (p Preflight) Branch(w, r, indent string, methods, origins []string) string {
	return fmt.Sprintf("if %s.Method == %s {\n%s\t%s(%s, %s)\n%s\treturn\n%s}\n%s",
		r, p.methodOptions(), indent, p.Handler(methods, origins), w, r, indent, indent, indent)
}

// Case returns a case clause for OPTIONS, to go before the default clause
// of a switch on the request method (or of a switch with no tag, when
// tagless is set), formatted like Branch.
func (p Preflight) Case(w, r, indent string, tagless bool, methods, origins []string) string {
	label := p.methodOptions()
	if tagless {
		label = r + ".Method == " + label
	}
	return fmt.Sprintf("case %s:\n%s\t%s(%s, %s)\n%s", label, indent, p.Handler(methods, origins), w, r, indent)
}

// methodOptions names the OPTIONS method: http.MethodOptions, or the
// string when the file has no name for net/http.
func (p Preflight) methodOptions() string {
	if p.HTTP == "" {
		return `"OPTIONS"`
	}
	return p.HTTP + ".MethodOptions"
}
