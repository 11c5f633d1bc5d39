package helpers

import "net/http"

// AllowFromA and AllowFromB call each other: the summary of a call cycle
// is cut where it is entered, so it must be entered in the same place on
// every run (source order), whatever order a map gives.
func AllowFromA(w http.ResponseWriter, r *http.Request) { // want AllowFromA:`cors\(origin-on-param-0\(always=true\) sets-origin origins=https://a.example.com,https://b.example.com\)`
	w.Header().Set("Access-Control-Allow-Origin", "https://a.example.com")
	if r.URL.Query().Has("b") {
		AllowFromB(w, r)
	}
}

func AllowFromB(w http.ResponseWriter, r *http.Request) { // want AllowFromB:`cors\(origin-on-param-0\(always=true\) sets-origin origins=https://b.example.com\)`
	if r.URL.Query().Has("a") {
		AllowFromA(w, r)
	}
	w.Header().Set("Access-Control-Allow-Origin", "https://b.example.com")
}
