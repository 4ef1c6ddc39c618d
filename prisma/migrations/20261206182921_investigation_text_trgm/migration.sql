-- CreateIndex
CREATE INDEX "Investigation_text_trgm" ON "Investigation" USING GIN ("number" gin_trgm_ops, "title" gin_trgm_ops, "summary" gin_trgm_ops);
