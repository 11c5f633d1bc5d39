// Package chirouter serves a chi router it builds, so every prefix above
// its routes is known.
package chirouter

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Get("/items/{itemID}", getItem)
	r.Get("/items/{itemID}/parts/{partID:[0-9]+}", getPart)
	r.Route("/orgs/{org}", func(r chi.Router) {
		r.Get("/members", listMembers)
		r.Get("/teams", listTeams)
	})
	r.Get("/static/*", static)
	r.Get("/reports", oldReports) // want `route "GET /reports" is never served: the registration of the same pattern at line 22 replaces its handler \(chi keeps the last one for a method and pattern\); remove one of them`
	r.Post("/reports", postReport)
	r.Get("/reports", newReports)
	r.HandleFunc("/any", anyMethod)
	r.Get("/any", getAny)
	http.ListenAndServe(":8080", r)
}

func getItem(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id") // want `chi.URLParam\(r, "id"\) is always "" in getItem: it is registered only as "/items/{itemID}" \(line 13\), which has no {id}; read one of {itemID}, or add {id} to the pattern`
	w.Write([]byte(id))
}

// A regexp parameter, and r.PathValue, which chi 5.1 sets too.
func getPart(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "partID") + r.PathValue("itemID")))
	w.Write([]byte(chi.URLParamFromCtx(r.Context(), "partId"))) // want `chi.URLParam\(r, "partId"\) is always "" in getPart: .*; read "partID", or add {partId} to the pattern`
}

// A parameter of the Route prefix above.
func listMembers(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "org")))
}

func listTeams(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "organization"))) // want `chi.URLParam\(r, "organization"\) is always "" in listTeams: it is registered only as "/orgs/{org}/teams" \(line 17\), which has no {organization}; read one of {org}, or add {organization} to the pattern`
}

func static(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(chi.URLParam(r, "*")))
}

func oldReports(w http.ResponseWriter, r *http.Request) {}
func postReport(w http.ResponseWriter, r *http.Request) {}
func newReports(w http.ResponseWriter, r *http.Request) {}

// Handle serves every method; the later Get replaces only GET.
func anyMethod(w http.ResponseWriter, r *http.Request) {}
func getAny(w http.ResponseWriter, r *http.Request)    {}
