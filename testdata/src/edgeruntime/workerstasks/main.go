// Command digest is a Worker that serves a feed from http.DefaultServeMux,
// rebuilds it on a cron trigger and consumes a queue of new posts.
package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"

	"github.com/redis/go-redis/v9"
	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/cron"
	"github.com/syumai/workers/cloudflare/queues"
)

type post struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func main() {
	http.HandleFunc("GET /feed.json", feed)
	http.Handle("GET /robots.txt", http.HandlerFunc(robots))
	cron.ScheduleTaskNonBlock(rebuild)
	queues.ConsumeNonBlocking(func(batch *queues.ConsumerMessageBatch) error {
		for _, m := range batch.Messages {
			body, err := m.StringBody()
			if err != nil {
				m.Retry()
				continue
			}
			os.WriteFile("/tmp/"+m.ID, []byte(body), 0o644) // want `edge handler func literal passed to queues.ConsumeNonBlocking \(workers\) calls os.WriteFile: Cloudflare Workers has no filesystem, so the call fails in production; keep the data in KV, R2 or D1`
			m.Ack()
		}
		return nil
	})
	workers.ServeNonBlock(nil) // http.DefaultServeMux
	workers.Ready()
	<-workers.Done()
}

func feed(w http.ResponseWriter, r *http.Request) {
	// go-redis can run over the Workers sockets API with a custom dialer:
	// not reported on Workers.
	rdb := redis.NewClient(&redis.Options{Addr: cloudflare.Getenv("REDIS_ADDR")})
	cached, err := rdb.Get(r.Context(), "feed").Result()
	if err == nil {
		w.Write([]byte(cached))
		return
	}
	json.NewEncoder(w).Encode([]post{})
}

func robots(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("robots.txt") // want `edge handler robots \(workers\) calls os.ReadFile`
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

func rebuild(ctx context.Context) error {
	e, err := cron.NewEvent(ctx)
	if err != nil {
		return err
	}
	_ = e
	return renderFeed(ctx) // want `edge handler rebuild \(workers\) reaches exec.CommandContext via renderFeed: a Worker cannot start or signal processes; do the work in Go, or call a service with fetch`
}

func renderFeed(ctx context.Context) error {
	return exec.CommandContext(ctx, "hugo", "--minify").Run()
}
