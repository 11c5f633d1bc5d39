// want package:"sets path values tenant"

// Package servemux registers handlers on a ServeMux and asks their
// requests for path values, some of which the patterns do not define.
package servemux

import (
	"net/http"
	"strings"

	"routematch/helpers"
)

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /notes/{noteID}", getNote)
	mux.HandleFunc("GET /items/{itemID}", getItem)
	mux.HandleFunc("DELETE /items/{itemID}", deleteItem)
	mux.HandleFunc("GET /orders/{orderID}", getOrder)
	mux.HandleFunc("GET /users/{userID}", getUser)
	mux.HandleFunc("GET /v1/files/{path...}", getFile)
	mux.HandleFunc("GET /v2/files/{path...}", getFile)
	mux.HandleFunc("GET /search", search)
	mux.HandleFunc("GET /teams/{team}", getTeam)
	mux.HandleFunc("GET /dyn/{x}", dynamic)
	mux.HandleFunc("GET /tenants/{id}", tenant)
	mux.HandleFunc("GET /shared/{id}", shared)
	mux.HandleFunc("GET /profiles/{id}", Profile)
	mux.HandleFunc("GET /literal/{slug}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.PathValue("slug")))
	})
	mux.HandleFunc("GET /literal2/{slug}", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.PathValue("Slug"))) // want `r.PathValue\("Slug"\) is always "" in func literal: it is registered only as "GET /literal2/{slug}" \(line \d+\), which has no {Slug}; read "slug", or add {Slug} to the pattern`
	})
	mux.Handle("GET /wrapped/{key}", withTenant(http.HandlerFunc(wrapped)))
	mux.HandleFunc("GET /accounts/{accountID}", getAccount)
	return mux
}

// A case-only difference: the fix reads the pattern's spelling.
func getNote(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("noteId") // want `r.PathValue\("noteId"\) is always "" in getNote: it is registered only as "GET /notes/{noteID}" \(line \d+\), which has no {noteId}; read "noteID", or add {noteId} to the pattern`
	w.Write([]byte(id))
}

// A name far from the wildcard's: reported, with no fix.
func getItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id") // want `r.PathValue\("id"\) is always "" in getItem: it is registered only as "GET /items/{itemID}" \(line \d+\), which has no {id}; read one of {itemID}, or add {id} to the pattern`
	w.Write([]byte(id))
}

// Two edits away: the fix reads "itemID".
func deleteItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("itemId_") // want `r.PathValue\("itemId_"\) is always "" in deleteItem: .*; read "itemID", or add {itemId_} to the pattern`
	w.Write([]byte(id))
}

// Through a helper of another package: reported at the call.
func getOrder(w http.ResponseWriter, r *http.Request) {
	id := helpers.ItemID(r) // want `ItemID reads r.PathValue\("id"\) at helpers.go:9, which is always "" in getOrder: it is registered only as "GET /orders/{orderID}" \(line \d+\), which has no {id}; read one of {orderID}, or add {id} to the pattern`
	w.Write([]byte(id))
}

// Through a helper of this package, and through a copy of the request.
func getUser(w http.ResponseWriter, r *http.Request) {
	req := r
	w.Write([]byte(userName(req))) // want `userName reads r.PathValue\("name"\) at servemux.go:\d+, which is always "" in getUser`
}

func userName(r *http.Request) string { return strings.ToLower(r.PathValue("name")) }

// Through a helper that reads the name its caller passes.
func getAccount(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(helpers.RouteParam(r, "accountID")))
	w.Write([]byte(helpers.RouteParam(r, "accountId"))) // want `RouteParam reads r.PathValue\("accountId"\) at helpers.go:\d+, which is always "" in getAccount: it is registered only as "GET /accounts/{accountID}" \(line \d+\), which has no {accountId}; read "accountID", or add {accountId} to the pattern`
}

// Registered twice, both with the wildcard.
func getFile(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("path")))
}

// No wildcard at all.
func search(w http.ResponseWriter, r *http.Request) {
	q := r.PathValue("q") // want `r.PathValue\("q"\) is always "" in search: it is registered only as "GET /search" \(line \d+\), which has no {q}; add {q} to the pattern`
	w.Write([]byte(q))
}

// Reads its wildcard: fine.
func getTeam(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("team")))
}

// A name built at run time is never checked.
func dynamic(w http.ResponseWriter, r *http.Request) {
	name := "y"
	if r.URL.Query().Has("x") {
		name = "x"
	}
	w.Write([]byte(r.PathValue(name)))
	w.Write([]byte(helpers.Tenant(r, name)))
}

// Middleware of the package sets "tenant": never reported.
func tenant(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("tenant")))
}

func withTenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.SetPathValue("tenant", r.Header.Get("X-Tenant"))
		next.ServeHTTP(w, r)
	})
}

func wrapped(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("key") + r.PathValue("tenant")))
}

// Also called directly: its registrations are not all it serves.
func shared(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("other")))
}

func callsShared(w http.ResponseWriter, r *http.Request) { shared(w, r) }

// Exported: another package may register it with other patterns.
func Profile(w http.ResponseWriter, r *http.Request) { // want Profile:`reads\(p1=1:user\)`
	w.Write([]byte(r.PathValue("user")))
}

// Never registered: nothing is known of its patterns.
func unregistered(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(r.PathValue("anything")))
}

var _ = unregistered
var _ = callsShared
