// Package site is configured as an edge package in .routevet.yaml.
package site

import (
	"context"
	"math/rand"
	"net/http"
	"os"

	"edgeruntime/configured/legacy"
	"edgeruntime/configured/platform"
)

// Page serves a page.
func Page(w http.ResponseWriter, r *http.Request) { // want Page:"reaches os.ReadFile; legacy.Render via site.render"
	tmpl, _ := os.ReadFile("page.tmpl") // allowed by the configuration
	w.Write(tmpl)
	w.Write([]byte(render(r.URL.Path))) // want `edge handler Page \(fastly\) reaches legacy.Render via render: legacy.Render shells out to a renderer; render with html/template`
	w.Write([]byte(legacy.Escape(r.URL.RawQuery)))
}

func render(name string) string { return legacy.Render(name) }

// Lucky picks a number.
func Lucky(w http.ResponseWriter, r *http.Request) { // want Lucky:"reaches rand.Intn"
	if rand.Intn(2) == 0 { // want `edge handler Lucky \(fastly\) calls rand.Intn: the fastly profile in .routevet.yaml denies it`
		w.Write([]byte("lucky"))
	}
}

func serve() {
	platform.Run(context.Background(), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(os.Getenv("GREETING"))) // want `edge handler func literal passed to platform.Run \(workers\) calls os.Getenv: a Worker's variables and secrets are bindings`
	}))
}
