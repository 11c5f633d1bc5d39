package preflight

import "testing"

// pathMayMatch decides whether a chi or gorilla route may take the
// preflight of another route's path.
func TestPathMayMatch(t *testing.T) {
	for _, test := range []struct {
		q, p string
		want bool
	}{
		{"/comments", "/comments", true},
		{"/comments", "/posts", false},
		{"/comments/{id}", "/comments/{commentID}", true},
		{"/comments/{id}", "/comments/latest", true},
		{"/comments/latest", "/comments/{id}", false}, // p's sample value is not "latest"
		{"/comments/{id:[0-9]+}", "/comments/{id}", true},
		{"/comments/*", "/comments/{id}", true},
		{"/*", "/a/b/c", true},
		{"/comments/*", "/comments", false},
		{"/comments/", "/comments", false},
		{"/comments/{id}", "/comments/", false}, // a parameter matches no empty segment
		{"/files/{name}", "/files/*", true},
		{"/files/", "/files/*", false},
		{"/files/{name}/raw", "/files/*", false},
		{"/{a}-{b}", "/x-y", true}, // a mixed segment may match
		{"/a/{x}/c", "/a/b/d", false},
	} {
		if got := pathMayMatch(parseRouterPath(test.q), parseRouterPath(test.p)); got != test.want {
			t.Errorf("pathMayMatch(%q, %q) = %v, want %v", test.q, test.p, got, test.want)
		}
	}
}

func TestPrefixMayMatch(t *testing.T) {
	for _, test := range []struct {
		prefix, p string
		want      bool
	}{
		{"/d/", "/d/tasks", true},
		{"/d", "/dx/tasks", true}, // gorilla prefixes are plain string prefixes
		{"/e/", "/d/tasks", false},
		{"/{v}/", "/d/tasks", true},
		{"/tasks/", "/tasks/{id}", true},
	} {
		if got := prefixMayMatch(test.prefix, parseRouterPath(test.p)); got != test.want {
			t.Errorf("prefixMayMatch(%q, %q) = %v, want %v", test.prefix, test.p, got, test.want)
		}
	}
}
