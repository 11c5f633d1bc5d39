module github.com/routevet/routevet/route

go 1.22
