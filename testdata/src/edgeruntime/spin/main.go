// Command pets is a Spin component serving a pet registry.
package main

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5"
	spinhttp "github.com/spinframework/spin-go-sdk/v2/http"
	"github.com/spinframework/spin-go-sdk/v2/sqlite"
	"github.com/spinframework/spin-go-sdk/v2/variables"
)

type pet struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func init() {
	spinhttp.Handle(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/pets":
			listPets(w, r)
		case "/pets/import":
			importPets(w, r)
		case "/pets/export":
			exportPets(w, r) // want `edge handler func literal passed to spinhttp.Handle \(spin\) reaches os.WriteFile via exportPets: Spin mounts component files read-only, so the write fails; keep the data in Spin's key-value store or SQLite database`
		case "/vets":
			vets(w, r) // want `edge handler func literal passed to spinhttp.Handle \(spin\) reaches pgx.Connect via vets: a Spin component has no raw TCP, so the driver cannot connect; use the Spin SDK's pg, mysql, redis or sqlite packages`
		case "/adopt":
			adopt(w, r) // want `edge handler func literal passed to spinhttp.Handle \(spin\) reaches http.Post via adopt: net/http's own transport cannot reach the network from a Spin component; use spinhttp.Send, or the client from spinhttp.NewClient\(\)`
		default:
			http.NotFound(w, r)
		}
	})
}

// listPets reads the Spin SQLite database through database/sql: fine.
func listPets(w http.ResponseWriter, r *http.Request) {
	db := sqlite.Open("default")
	defer db.Close()
	rows, err := db.Query("SELECT id, name FROM pets")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var pets []pet
	for rows.Next() {
		var p pet
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		pets = append(pets, p)
	}
	json.NewEncoder(w).Encode(pets)
}

// importPets reads a file listed in spin.toml: Spin mounts it.
func importPets(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("/data/pets.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if os.Getenv("DRY_RUN") != "" {
		w.Write(data)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func exportPets(w http.ResponseWriter, r *http.Request) {
	if err := os.WriteFile("/data/export.json", []byte("[]"), 0o644); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func vets(w http.ResponseWriter, r *http.Request) {
	dsn, _ := variables.Get("vets_dsn")
	conn, err := pgx.Connect(r.Context(), dsn)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer conn.Close(r.Context())
}

func adopt(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Post("https://shelter.example.com/adoptions", "application/json", r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", "https://mail.example.com/", nil)
	if resp, err := spinhttp.Send(req); err == nil {
		resp.Body.Close()
	}
	if resp, err := spinhttp.NewClient().Get("https://example.com/"); err == nil {
		resp.Body.Close()
	}
}

func main() {}
