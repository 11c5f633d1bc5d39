// Package shapes makes edge handlers in every way the analyzer follows.
package shapes

import (
	"context"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/syumai/workers"
)

// Store is an interface: calls through it are not followed.
type Store interface {
	Load(key string) ([]byte, error)
}

type diskStore struct{ root string }

func (d diskStore) Load(key string) ([]byte, error) { // want Load:"reaches os.ReadFile"
	return os.ReadFile(d.root + "/" + key)
}

// App is a handler with a ServeHTTP method.
type App struct {
	store Store
	once  sync.Once
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"reaches os.Remove"
	data, err := a.store.Load(r.URL.Path) // interface call: not followed
	if err != nil {
		http.NotFound(w, r)
		return
	}
	a.once.Do(func() { os.ReadFile("warmup.json") }) // a function value passed on: not followed
	tmp := "/tmp/" + r.URL.Path
	defer func() {
		os.Remove(tmp) // want `edge handler \(\*App\).ServeHTTP \(workers\) calls os.Remove: Cloudflare Workers has no filesystem`
	}()
	w.Write(data)
}

func serveApp() {
	app := &App{store: diskStore{root: "/srv"}}
	workers.Serve(app)
}

// Items holds the item handlers, used as method values.
type Items struct{ mu sync.Mutex }

func (it *Items) list(w http.ResponseWriter, r *http.Request) { // want list:"reaches net.Dial via shapes.audit"
	go audit(r.URL.Path) // want `edge handler \(\*Items\).list \(workers\) reaches net.Dial via audit: a Worker cannot open sockets`
	json.NewEncoder(w).Encode([]string{"a", "b"})
}

func audit(path string) {
	conn, err := net.Dial("udp", "audit.internal:514")
	if err != nil {
		return
	}
	defer conn.Close()
	conn.Write([]byte(path))
}

func withLogging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := os.OpenFile("access.log", os.O_APPEND|os.O_WRONLY, 0) // want `edge handler func literal passed to workers.ServeNonBlock \(workers\) calls os.OpenFile: Cloudflare Workers has no filesystem`
		if err == nil {
			log.New(f, "", 0).Println(r.URL.Path)
		}
		next.ServeHTTP(w, r)
	})
}

func serveItems() {
	items := &Items{}
	workers.ServeNonBlock(withLogging(http.HandlerFunc(items.list)))
}

// newRouter is a constructor: the routes it registers are edge handlers
// when its result is served on the edge.
func newRouter() http.Handler {
	r := chi.NewRouter()
	r.Get("/config", showConfig)
	r.Get("/walk", func(w http.ResponseWriter, r *http.Request) {
		func() {
			if _, err := os.Stat("/data"); err != nil { // want `edge handler func literal for "/walk" \(workers\) calls os.Stat: Cloudflare Workers has no filesystem`
				return
			}
		}()
	})
	return r
}

func showConfig(w http.ResponseWriter, r *http.Request) {
	cfg, err := loadConfig("app.json") // want `edge handler showConfig \(workers\) reaches os.ReadFile via loadConfig → parseConfigFile → readConfig: Cloudflare Workers has no filesystem`
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	json.NewEncoder(w).Encode(cfg)
}

// loadConfig and parseConfigFile call each other: the cycle ends.
func loadConfig(name string) (map[string]any, error) {
	if strings.HasSuffix(name, ".d") {
		return parseConfigFile(name + "/main.json")
	}
	return parseConfigFile(name)
}

func parseConfigFile(name string) (map[string]any, error) {
	if strings.HasSuffix(name, "/") {
		return loadConfig(strings.TrimSuffix(name, "/"))
	}
	data, err := readConfig(name)
	if err != nil {
		return nil, err
	}
	var cfg map[string]any
	err = json.Unmarshal(data, &cfg)
	return cfg, err
}

func readConfig(name string) ([]byte, error) { return os.ReadFile(name) }

func serveRouter() {
	workers.Serve(newRouter())
}

// A handler held in a variable, made from a generic handler.
func jsonHandler[T any](load func(context.Context) (T, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := load(r.Context()) // a function value: not followed
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(v)
	}
}

func loadStats(ctx context.Context) (map[string]int, error) {
	data, err := os.ReadFile("stats.json")
	if err != nil {
		return nil, err
	}
	var stats map[string]int
	return stats, json.Unmarshal(data, &stats)
}

func serveStats() {
	h := jsonHandler(loadStats)
	workers.Serve(h)
}

// A long path: the message names the first functions and elides the rest.
func deep(w http.ResponseWriter, r *http.Request) {
	step1() // want `edge handler deep \(workers\) reaches os.ReadFile via step1 → step2 → step3 → step4 → …: Cloudflare Workers has no filesystem`
}

func step1() { step2() }
func step2() { step3() }
func step3() { step4() }
func step4() { step5() }
func step5() { step6() }
func step6() { os.ReadFile("deep.txt") }

func serveDeep() {
	workers.Serve(http.HandlerFunc(deep))
}

// A generic cache, used through an instantiated method and a method
// expression.
type Cache[K comparable, V any] struct{ dir string }

func (c *Cache[K, V]) Fill(key K) error { // want Fill:"reaches os.MkdirAll"
	return os.MkdirAll(c.dir, 0o755)
}

func (c *Cache[K, V]) Purge() error { // want Purge:"reaches os.RemoveAll"
	return os.RemoveAll(c.dir)
}

func cacheHandler(w http.ResponseWriter, r *http.Request) {
	c := &Cache[string, []byte]{dir: "/cache"}
	c.Fill(r.URL.Path)                // want `edge handler cacheHandler \(workers\) reaches os.MkdirAll via \(\*Cache\).Fill`
	c.Fill("index")                   // the same call of os.MkdirAll: reported once
	(*Cache[string, []byte]).Purge(c) // want `edge handler cacheHandler \(workers\) reaches os.RemoveAll via \(\*Cache\).Purge`
}

func serveCache() {
	var h http.HandlerFunc = cacheHandler
	workers.Serve(h)
}

// notServed reads files, but no edge handler reaches it.
func notServed(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("local.txt")
}
