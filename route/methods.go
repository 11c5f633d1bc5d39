package route

import (
	"net/http"
	"sort"
	"strings"
)

// Methods dispatches on the request method, like a Next.js route.ts file
// exporting GET, POST, ... handlers. Keys are method names as sent on the
// wire, which are case-sensitive: use the http.Method* constants.
//
//   - A method with a (non-nil) Func is served by it.
//   - HEAD without its own Func is served by GET's: [Func.ServeHTTP] then
//     sends the headers GET would get and no body, as net/http does for a
//     handler that writes GET's response to a HEAD request.
//   - OPTIONS without its own Func gets 204 No Content with an Allow header.
//   - Any other method gets 405 Method Not Allowed with an Allow header.
//
// Allow lists the methods with a Func, plus HEAD if there is GET, plus
// OPTIONS, sorted. Methods is an [http.Handler]; its Serve method is a Func,
// for use with middleware that works on Funcs: route.Func(m.Serve).
type Methods map[string]Func

// ServeHTTP serves r with m.Serve, as [Func.ServeHTTP] does.
func (m Methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	Func(m.Serve).ServeHTTP(w, r)
}

// Serve dispatches r to the Func for its method; see [Methods].
func (m Methods) Serve(r *http.Request) (*http.Response, error) {
	if f := m[r.Method]; f != nil {
		return f(r)
	}
	switch get := m[http.MethodGet]; {
	case r.Method == http.MethodHead && get != nil:
		// The body stays: ServeHTTP writes a body known in full as a
		// handler would, and net/http drops it from a HEAD response after
		// taking its length and sniffing its type; a streamed body is not
		// read beyond what the sniffing needs.
		return get(r)
	case r.Method == http.MethodOptions:
		return Status(http.StatusNoContent, Header("Allow", m.allow()))
	}
	return Error(http.StatusMethodNotAllowed, http.StatusText(http.StatusMethodNotAllowed),
		Header("Allow", m.allow()))
}

func (m Methods) allow() string {
	set := map[string]bool{http.MethodOptions: true}
	for method, f := range m {
		if f != nil {
			set[method] = true
		}
	}
	if set[http.MethodGet] {
		set[http.MethodHead] = true
	}
	list := make([]string, 0, len(set))
	for method := range set {
		list = append(list, method)
	}
	sort.Strings(list)
	return strings.Join(list, ", ")
}
