body more
