"""Mailing an issue (`briefpdf mail`): each partner on the distribution list gets it once,
in their language, as a draft to send or through an SMTP server, with a journal that
makes a stopped run complete by running it again."""
