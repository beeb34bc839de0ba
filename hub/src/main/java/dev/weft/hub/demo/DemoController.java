package dev.weft.hub.demo;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Role admin (see SecurityConfiguration); the launcher prints the body as it is. */
@RestController
class DemoController {

    private final DemoService demo;

    DemoController(DemoService demo) {
        this.demo = demo;
    }

    @GetMapping(value = "/api/demo/run", produces = MediaType.TEXT_PLAIN_VALUE)
    String run(@RequestParam(required = false) String question) {
        return demo.run(question).toText();
    }
}
