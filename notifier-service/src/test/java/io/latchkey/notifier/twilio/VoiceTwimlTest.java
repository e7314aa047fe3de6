package io.latchkey.notifier.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import io.latchkey.notifier.template.VoiceScript;

class VoiceTwimlTest {

    @Test
    void speaksTheCodeDigitByDigitTwiceWithPausesInTheLocalesLanguage() throws Exception {
        String xml = VoiceTwiml.build(new VoiceScript("pt-BR", "Seu código de verificação do Acme é", "4071", "Repetindo, seu código é"));
        List<String> verbs = verbs(xml);
        assertEquals(List.of("Pause",
                "Say[pt-BR]:Seu código de verificação do Acme é", "Pause",
                "Say[pt-BR]:4", "Pause", "Say[pt-BR]:0", "Pause", "Say[pt-BR]:7", "Pause", "Say[pt-BR]:1", "Pause",
                "Say[pt-BR]:Repetindo, seu código é", "Pause",
                "Say[pt-BR]:4", "Pause", "Say[pt-BR]:0", "Pause", "Say[pt-BR]:7", "Pause", "Say[pt-BR]:1", "Pause"), verbs);
        assertTrue(xml.contains("<Pause length=\"1\"/>"), xml);
    }

    @Test
    void textIsEscapedByTheBuilders() throws Exception {
        String xml = VoiceTwiml.build(new VoiceScript("en-US", "Code for <Tom & Jerry> is", "1", "Again"));
        assertEquals("Say[en-US]:Code for <Tom & Jerry> is", verbs(xml).get(1));
    }

    @Test
    void anUnknownLanguageFallsBackToEnglish() throws Exception {
        assertEquals("Say[en-US]:Kod", verbs(VoiceTwiml.build(new VoiceScript("hr-HR", "Kod", "1", "Opet"))).get(1));
    }

    private static List<String> verbs(String xml) throws Exception {
        Element response = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("Response", response.getTagName());
        List<String> verbs = new ArrayList<>();
        NodeList children = response.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node node = children.item(i);
            if (node instanceof Element element) {
                verbs.add(element.getTagName().equals("Say")
                        ? "Say[" + element.getAttribute("language") + "]:" + element.getTextContent()
                        : element.getTagName());
            }
        }
        return verbs;
    }
}
