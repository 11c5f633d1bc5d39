// Command pruneapp is a Worker whose handlers call prunelib, whose facts
// tell what they reach.
package main

import (
	"io"
	"net/http"

	"github.com/syumai/workers"

	"edgeruntime/prunelib"
)

func main() {
	http.HandleFunc("/doc", doc)
	http.HandleFunc("/proxy", proxy)
	http.HandleFunc("/tidy", tidy)
	workers.Serve(nil)
}

func doc(w http.ResponseWriter, r *http.Request) {
	data, err := prunelib.Load(r.URL.Path) // want `edge handler doc \(workers\) reaches os.ReadFile via prunelib.Load → \(\*prunelib.loader\).load → prunelib.read: Cloudflare Workers has no filesystem`
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Write(data)
	prunelib.Walk("/srv", 2) // want `edge handler doc \(workers\) reaches os.ReadDir via prunelib.Walk → prunelib.visit`
}

func proxy(w http.ResponseWriter, r *http.Request) {
	resp, err := prunelib.Fetch("https://origin.example.com" + r.URL.Path) // want `edge handler proxy \(workers\) reaches \(\*http.Client\).Get on an \*http.Transport via prunelib.Fetch`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
	prunelib.Ping("https://origin.example.com/health") // want `edge handler proxy \(workers\) reaches \(\*http.Client\).Head on an \*http.Transport via prunelib.Ping`
}

// tidy calls only what reaches nothing.
func tidy(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, prunelib.Trim(r.URL.Query().Get("s")))
	_ = prunelib.Opener()
}
