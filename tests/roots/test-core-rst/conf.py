project = "Core reST"
author = "Lee Briggs"
extensions = ["sphinx_recap"]
recap_author = ["Recap Team"]
html_baseurl = "https://rst.example.org/"
