// Package suppress checks //nolint handling: each call to flag() is a
// finding unless a //nolint comment covers it.
package suppress

func flag() {}

func lines() {
	flag() // want "finding"
	flag() //nolint:routevet
	flag() //nolint:reporter
	flag() //nolint
	flag() //nolint:errcheck,routevet // explained
	flag() //nolint:errcheck // want "finding"
	flag() // nolint:routevet (not the syntax) // want "finding"
	flag() //nolint:routevetx // want "finding"
}

//nolint:routevet
func wholeDecl() {
	flag()
	flag()
}

func statement(ok bool) {
	//nolint:reporter // the whole if statement below
	if ok {
		flag()
	}
	flag() // want "finding"
}

func declLine() { //nolint:routevet
	flag()
}
