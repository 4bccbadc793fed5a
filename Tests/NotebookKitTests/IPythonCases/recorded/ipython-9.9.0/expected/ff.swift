ABCDE
