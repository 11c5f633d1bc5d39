package custom

import (
	"net/http"

	"httpmodel/custom/router"
)

func save(w http.ResponseWriter, r *http.Request) {} // want `handler save`

func routes(rt *router.Router) {
	rt.Post("/save", save)      // want `route custom#rt\(unknown\) POST /save -> save`
	router.Handle(save, "/any") // want `route custom#Handle\(unknown\) \* /any -> save`
}
