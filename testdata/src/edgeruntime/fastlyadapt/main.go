// Command menu serves a net/http router on Fastly Compute through
// fsthttp.Adapt.
package main

import (
	"context"
	"html/template"
	"net/http"
	"os"

	"github.com/fastly/compute-sdk-go/configstore"
	"github.com/fastly/compute-sdk-go/fsthttp"
	"github.com/go-chi/chi/v5"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

type order struct {
	Items []string `json:"items"`
}

func main() {
	r := chi.NewRouter()
	r.Get("/menu", menu)
	r.Post("/orders", createOrder)
	r.Get("/config", showConfig)
	r.Route("/admin", func(admin chi.Router) {
		admin.Delete("/cache", purgeCache)
	})
	fsthttp.Serve(fsthttp.Adapt(r))
}

var menuTemplate *template.Template

func menu(w http.ResponseWriter, r *http.Request) {
	if menuTemplate == nil {
		menuTemplate = template.Must(template.ParseFiles("menu.html")) // want `edge handler menu \(fastly\) calls template.ParseFiles: Fastly Compute has no filesystem`
	}
	menuTemplate.Execute(w, nil)
}

func createOrder(w http.ResponseWriter, r *http.Request) {
	client, err := mongo.Connect(r.Context(), options.Client().ApplyURI(os.Getenv("MONGO_URI"))) // want `edge handler createOrder \(fastly\) calls mongo.Connect: Fastly Compute has no raw TCP`
	if err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	var o order
	client.Database("shop").Collection("orders").FindOne(context.Background(), o).Decode(&o) // want `edge handler createOrder \(fastly\) calls \(\*mongo.Client\).Database: Fastly Compute has no raw TCP`
	w.WriteHeader(http.StatusCreated)
}

func showConfig(w http.ResponseWriter, r *http.Request) {
	store, err := configstore.Open("site")
	if err != nil {
		http.Error(w, "no config", http.StatusInternalServerError)
		return
	}
	v, _ := store.Get("version")
	w.Write([]byte(v + " " + os.Getenv("FASTLY_SERVICE_VERSION")))
}

func purgeCache(w http.ResponseWriter, r *http.Request) {
	os.RemoveAll("/cache") // want `edge handler purgeCache \(fastly\) calls os.RemoveAll: Fastly Compute has no filesystem; keep the data in a KV store`
	w.WriteHeader(http.StatusNoContent)
}
